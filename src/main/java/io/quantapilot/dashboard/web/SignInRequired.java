package io.quantapilot.dashboard.web;

/** A dashboard request came without a live session; pages send the browser to the sign-in form. */
final class SignInRequired extends RuntimeException {

	private static final long serialVersionUID = 1L;

	SignInRequired() {
		super("sign in to use the dashboard", null, false, false);
	}

}
