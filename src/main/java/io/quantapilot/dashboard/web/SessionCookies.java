package io.quantapilot.dashboard.web;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * The dashboard's cookies: the session token, and the sign-in form's CSRF token (a double-submit cookie,
 * since there is no session yet to keep it in). Both are HttpOnly and SameSite=Lax, and Secure when the
 * request came over HTTPS.
 */
@Component
@ConditionalOnRole(Role.DASHBOARD)
class SessionCookies {

	static final String SESSION = "qp_session";

	static final String SIGN_IN_CSRF = "qp_signin";

	Optional<String> session(HttpServletRequest request) {
		return read(request, SESSION);
	}

	Optional<String> signInCsrf(HttpServletRequest request) {
		return read(request, SIGN_IN_CSRF);
	}

	/** A browser-session cookie: the server decides when the session ends. */
	void writeSession(HttpServletRequest request, HttpServletResponse response, String token) {
		add(response, base(request, SESSION, token).build());
	}

	void clearSession(HttpServletRequest request, HttpServletResponse response) {
		add(response, base(request, SESSION, "").maxAge(Duration.ZERO).build());
	}

	void writeSignInCsrf(HttpServletRequest request, HttpServletResponse response, String token) {
		add(response, base(request, SIGN_IN_CSRF, token).maxAge(Duration.ofHours(2)).path("/signin").build());
	}

	private static ResponseCookie.ResponseCookieBuilder base(HttpServletRequest request, String name, String value) {
		return ResponseCookie.from(name, value).httpOnly(true).sameSite("Lax").secure(request.isSecure()).path("/");
	}

	private static void add(HttpServletResponse response, ResponseCookie cookie) {
		response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
	}

	private static Optional<String> read(HttpServletRequest request, String name) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return Optional.empty();
		}
		for (Cookie cookie : cookies) {
			if (name.equals(cookie.getName()) && cookie.getValue() != null && !cookie.getValue().isBlank()) {
				return Optional.of(cookie.getValue());
			}
		}
		return Optional.empty();
	}

}
