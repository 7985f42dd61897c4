package io.quantapilot.ops.deployment;

/** The roles, or what they need, are misconfigured; the start is refused with what to do instead. */
final class InvalidDeploymentException extends IllegalStateException {

	private final String action;

	InvalidDeploymentException(String message, String action) {
		super(message);
		this.action = action;
	}

	String action() {
		return action;
	}

}
