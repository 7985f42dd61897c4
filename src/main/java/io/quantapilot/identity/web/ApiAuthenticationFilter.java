package io.quantapilot.identity.web;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.common.web.ErrorWriter;
import io.quantapilot.identity.ApiKeyService;
import io.quantapilot.identity.CurrentPrincipal;
import io.quantapilot.identity.Principal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every request under {@code /api/} with {@code Authorization: Bearer <api key>} and applies
 * the per-key rate limit, answering with the API error body on failure.
 */
@Component
@ConditionalOnRole(Role.API)
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class ApiAuthenticationFilter extends OncePerRequestFilter {

	private final ApiKeyService keys;

	private final RateLimiter rateLimiter;

	private final ErrorWriter errors;

	ApiAuthenticationFilter(ApiKeyService keys, RateLimiter rateLimiter, ErrorWriter errors) {
		this.keys = keys;
		this.rateLimiter = rateLimiter;
		this.errors = errors;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return !(path.equals("/api") || path.startsWith("/api/"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader("Authorization");
		if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			response.setHeader("WWW-Authenticate", "Bearer");
			errors.write(response, 401, "UNAUTHENTICATED", "send Authorization: Bearer <api key>", Map.of());
			return;
		}
		Optional<Principal> principal = keys.authenticate(header.substring(7).strip());
		if (principal.isEmpty()) {
			response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
			errors.write(response, 401, "UNAUTHENTICATED", "the API key is unknown, expired or revoked", Map.of());
			return;
		}
		RateLimiter.Decision limit = rateLimiter.acquire(principal.get().apiKeyId().toString());
		response.setHeader("X-RateLimit-Limit", Integer.toString(limit.limit()));
		response.setHeader("X-RateLimit-Remaining", Integer.toString(limit.remaining()));
		response.setHeader("X-RateLimit-Reset", Long.toString(limit.resetEpochSeconds()));
		if (!limit.allowed()) {
			response.setHeader("Retry-After", Long.toString(limit.retryAfterSeconds()));
			errors.write(response, 429, "RATE_LIMITED", "rate limit exceeded; retry after the reset time",
					Map.of("retry_after_seconds", limit.retryAfterSeconds()));
			return;
		}
		request.setAttribute(CurrentPrincipal.ATTRIBUTE, principal.get());
		chain.doFilter(request, response);
	}

}
