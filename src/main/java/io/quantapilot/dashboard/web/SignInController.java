package io.quantapilot.dashboard.web;

import java.time.Instant;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.identity.SessionService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * Sign-in and sign-out. The sign-in form is protected against cross-site submission with a double-submit
 * cookie (there is no session yet); a successful sign-in always starts a new session, so a session id
 * planted before sign-in is worthless.
 */
@Controller
@ConditionalOnRole(Role.DASHBOARD)
class SignInController {

	static final String VIEW = "dashboard/signin";

	private final SessionService sessions;

	private final SessionCookies cookies;

	private final Formats formats;

	SignInController(SessionService sessions, SessionCookies cookies, Formats formats) {
		this.sessions = sessions;
		this.cookies = cookies;
		this.formats = formats;
	}

	/** The sign-in form as posted. */
	record SignInForm(String username, String password, String next) {
	}

	@PublicPage
	@GetMapping("/signin")
	ModelAndView form(@RequestParam(required = false) String next,
			@RequestParam(name = "signed_out", required = false) String signedOut, HttpServletRequest request,
			HttpServletResponse response) {
		if (request.getAttribute(DashboardInterceptor.SESSION) != null) {
			return Redirects.to(safeNext(next));
		}
		ModelAndView view = form(request, response, "", safeNext(next), null, HttpStatus.OK);
		if (signedOut != null) {
			view.addObject("notice", "You are signed out.");
		}
		return view;
	}

	@PublicPage
	@PostMapping("/signin")
	ModelAndView signIn(@ModelAttribute SignInForm form,
			@RequestParam(name = DashboardInterceptor.CSRF_PARAMETER, required = false) String csrf,
			HttpServletRequest request, HttpServletResponse response) {
		String next = safeNext(form.next());
		String username = form.username() == null ? "" : form.username().strip();
		if (!SessionService.sameToken(cookies.signInCsrf(request).orElse(null), csrf)) {
			return form(request, response, username, next,
					"The sign-in form had expired. Please sign in again.", HttpStatus.FORBIDDEN);
		}
		SessionService.SignInResult result = sessions.signIn(username, form.password(), request.getRemoteAddr(),
				request.getHeader("User-Agent"));
		if (result instanceof SessionService.Refused refused) {
			if (refused.lockedOut()) {
				return form(request, response, username, next, "Too many failed sign-ins for this user. Try again after "
						+ formats.time(refused.lockedUntil()) + ".", HttpStatus.TOO_MANY_REQUESTS);
			}
			return form(request, response, username, next, "Wrong user name or password.", HttpStatus.UNAUTHORIZED);
		}
		SessionService.SignedIn signedIn = (SessionService.SignedIn) result;
		cookies.writeSession(request, response, signedIn.token());
		return Redirects.to(next);
	}

	@PostMapping("/signout")
	ModelAndView signOut(HttpServletRequest request, HttpServletResponse response) {
		cookies.session(request).ifPresent(sessions::signOut);
		cookies.clearSession(request, response);
		return Redirects.to("/signin?signed_out");
	}

	private ModelAndView form(HttpServletRequest request, HttpServletResponse response, String username, String next,
			String error, HttpStatus status) {
		String token = SessionService.randomToken();
		cookies.writeSignInCsrf(request, response, token);
		ModelAndView view = new ModelAndView(VIEW);
		view.setStatus(status);
		view.addObject("signInCsrf", token);
		view.addObject("username", username);
		view.addObject("next", next);
		view.addObject("error", error);
		view.addObject("now", Instant.now());
		return view;
	}

	/** Only paths of this site: never another host (an open redirect would help phishing). */
	static String safeNext(String next) {
		if (next == null || next.isBlank() || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
				|| next.startsWith("/signin") || next.length() > 500 || next.chars().anyMatch(c -> c < 0x20)) {
			return "/";
		}
		return next;
	}

}
