package io.quantapilot.dashboard.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.common.web.CorrelationIdFilter;
import io.quantapilot.identity.Session;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * Failures of dashboard handlers become HTML pages (the API's JSON error body is for API callers): a
 * missing session sends pages to the sign-in form, refused or impossible actions show what happened and how
 * to go on. Ordered before the API's handler, and limited to the dashboard's controllers.
 */
@ControllerAdvice(basePackageClasses = DashboardErrors.class)
@ConditionalOnRole(Role.DASHBOARD)
@Order(Ordered.HIGHEST_PRECEDENCE)
class DashboardErrors {

	static final String VIEW = "dashboard/error";

	private static final Logger log = LoggerFactory.getLogger(DashboardErrors.class);

	@ExceptionHandler(SignInRequired.class)
	ModelAndView signIn(HttpServletRequest request, HttpServletResponse response) {
		String accept = request.getHeader("Accept");
		boolean page = "GET".equals(request.getMethod()) && accept != null && accept.contains("text/html");
		if (!page) {
			return page(request, HttpStatus.UNAUTHORIZED, "Signed out",
					"Your session has ended. Sign in again to go on.");
		}
		String here = request.getRequestURI() + (request.getQueryString() != null ? "?" + request.getQueryString() : "");
		return Redirects.to("/signin?next=" + URLEncoder.encode(here, StandardCharsets.UTF_8));
	}

	@ExceptionHandler(QuantaPilotException.class)
	ModelAndView domain(QuantaPilotException ex, HttpServletRequest request) {
		if (ex instanceof QuantaPilotException.NotFound) {
			return page(request, HttpStatus.NOT_FOUND, "Not found", ex.getMessage());
		}
		if (ex instanceof QuantaPilotException.Forbidden) {
			return page(request, HttpStatus.FORBIDDEN, "Not allowed", ex.getMessage());
		}
		if (ex instanceof QuantaPilotException.Conflict) {
			return page(request, HttpStatus.CONFLICT, "Not possible right now", ex.getMessage());
		}
		if (ex instanceof QuantaPilotException.InvalidRequest) {
			return page(request, HttpStatus.BAD_REQUEST, "Invalid request", ex.getMessage());
		}
		if (ex.isTransient()) {
			log.error("Dashboard: service unavailable: {}", ex.getMessage(), ex);
			return page(request, HttpStatus.SERVICE_UNAVAILABLE, "Temporarily unavailable",
					"Something QuantaPilot needs is not available right now. Try again in a moment.");
		}
		return unexpected(ex, request);
	}

	@ExceptionHandler({ MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class })
	ModelAndView badParameter(Exception ex, HttpServletRequest request) {
		return page(request, HttpStatus.BAD_REQUEST, "Invalid request",
				"The address or the form is not valid here. Go back and try again.");
	}

	/** A browser left a live stream, or the stream timed out: there is nobody to answer. */
	@ExceptionHandler({ AsyncRequestNotUsableException.class, AsyncRequestTimeoutException.class })
	void streamEnded() {
		// Nothing to render; the browser reconnects by itself if it is still there.
	}

	@ExceptionHandler(Exception.class)
	ModelAndView unexpected(Exception ex, HttpServletRequest request) {
		log.error("Dashboard: unexpected error", ex);
		return page(request, HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong",
				"An unexpected error happened. The server log has the details under this request's correlation id.");
	}

	private static ModelAndView page(HttpServletRequest request, HttpStatus status, String title, String message) {
		ModelAndView view = new ModelAndView(VIEW);
		view.setStatus(status);
		view.addObject("status", status.value());
		view.addObject("title", title);
		view.addObject("message", message);
		view.addObject("correlationId", MDC.get(CorrelationIdFilter.MDC_KEY));
		Session session = (Session) request.getAttribute(DashboardInterceptor.SESSION);
		if (session != null) {
			view.addObject("me", session.principal());
			view.addObject("csrf", session.csrfToken());
		}
		return view;
	}

}
