package io.quantapilot.dashboard.web;

import java.util.Optional;
import java.util.Set;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.decisions.DecisionService;
import io.quantapilot.identity.CurrentPrincipal;
import io.quantapilot.identity.Session;
import io.quantapilot.identity.SessionService;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;

/**
 * Guards every dashboard handler (present only where the {@code dashboard} role runs): the session cookie
 * must belong to a live session (its principal is then the request's {@link CurrentPrincipal}), and state-changing
 * requests must carry the session's CSRF token. Also sets the security headers of the pages and gives every
 * rendered page what the shared layout needs.
 */
@Component
@ConditionalOnRole(Role.DASHBOARD)
class DashboardInterceptor implements HandlerInterceptor {

	/** Request attribute holding the {@link Session}. */
	static final String SESSION = "io.quantapilot.dashboard.web.DashboardInterceptor.session";

	static final String CSRF_PARAMETER = "_csrf";

	static final String CSRF_HEADER = "X-CSRF-Token";

	private static final String PACKAGE = DashboardInterceptor.class.getPackageName();

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

	/** Scripts, styles and connections only from this server; no framing, no inline code. */
	private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

	private final SessionService sessions;

	private final SessionCookies cookies;

	private final DecisionService decisions;

	DashboardInterceptor(SessionService sessions, SessionCookies cookies, DecisionService decisions) {
		this.sessions = sessions;
		this.cookies = cookies;
		this.decisions = decisions;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws Exception {
		if (!(handler instanceof HandlerMethod method) || !method.getBeanType().getPackageName().equals(PACKAGE)) {
			return true;
		}
		// The stream's own re-dispatch when it ends was already checked when it started.
		if (request.getDispatcherType() == DispatcherType.ASYNC) {
			return true;
		}
		response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("X-Frame-Options", "DENY");
		response.setHeader("Referrer-Policy", "same-origin");
		response.setHeader("Cache-Control", "no-store");
		Optional<Session> session = cookies.session(request).flatMap(sessions::authenticate);
		session.ifPresent(s -> {
			request.setAttribute(SESSION, s);
			request.setAttribute(CurrentPrincipal.ATTRIBUTE, s.principal());
		});
		if (method.hasMethodAnnotation(PublicPage.class) || method.getBeanType().isAnnotationPresent(PublicPage.class)) {
			return true;
		}
		if (session.isEmpty()) {
			if (cookies.session(request).isPresent()) {
				cookies.clearSession(request, response);
			}
			throw new SignInRequired();
		}
		if (!SAFE_METHODS.contains(request.getMethod())) {
			String given = request.getHeader(CSRF_HEADER);
			if (given == null) {
				given = request.getParameter(CSRF_PARAMETER);
			}
			if (!SessionService.sameToken(session.get().csrfToken(), given)) {
				throw new QuantaPilotException.Forbidden(
						"the form's security token is missing or out of date; reload the page and try again");
			}
		}
		return true;
	}

	@Override
	public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
			ModelAndView view) {
		if (view == null || !view.hasView() || view.getViewName() == null || view.getViewName().startsWith("redirect:")
				|| !(handler instanceof HandlerMethod method) || !method.getBeanType().getPackageName().equals(PACKAGE)) {
			return;
		}
		Session session = (Session) request.getAttribute(SESSION);
		if (session != null && !view.getViewName().contains("::")) {
			view.addObject("me", session.principal());
			view.addObject("csrf", session.csrfToken());
			view.addObject("pendingCount", decisions.countPending());
		}
		else if (session != null) {
			view.addObject("me", session.principal());
			view.addObject("csrf", session.csrfToken());
		}
	}

}
