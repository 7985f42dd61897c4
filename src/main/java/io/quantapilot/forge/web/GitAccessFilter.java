package io.quantapilot.forge.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.common.web.ErrorWriter;
import io.quantapilot.forge.ForgeSettings;
import io.quantapilot.identity.ApiKeyService;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards the local forge's {@code /git/*} with the API's keys: {@code Authorization: Bearer <api key>},
 * or HTTP Basic with the key as password (any user name), which is what {@code git clone} sends
 * ({@code git clone http://x:<key>@host/git/…}, or a credential helper). Without a valid key the answer is
 * 401 with a Basic challenge, so git asks for credentials. With
 * {@code quantapilot.forge.anonymous-read=true} reading needs no key; pushing is refused either way by
 * the servlet.
 */
@Component
@ConditionalOnRole(Role.API)
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class GitAccessFilter extends OncePerRequestFilter {

	private final ApiKeyService keys;

	private final ForgeSettings settings;

	private final ErrorWriter errors;

	GitAccessFilter(ApiKeyService keys, ForgeSettings settings, ErrorWriter errors) {
		this.keys = keys;
		this.settings = settings;
		this.errors = errors;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return settings.anonymousRead() || !(path.equals("/git") || path.startsWith("/git/"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (key(request.getHeader("Authorization")).flatMap(keys::authenticate).isEmpty()) {
			response.setHeader("WWW-Authenticate", "Basic realm=\"QuantaPilot\", charset=\"UTF-8\"");
			errors.write(response, 401, "UNAUTHENTICATED",
					"send an API key: Authorization: Bearer <key>, or HTTP Basic with the key as password", Map.of());
			return;
		}
		chain.doFilter(request, response);
	}

	/** The API key from a Bearer or Basic header (Basic: the password, whatever the user name). */
	static Optional<String> key(String header) {
		if (header == null) {
			return Optional.empty();
		}
		if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return Optional.of(header.substring(7).strip());
		}
		if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
			try {
				String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()),
						StandardCharsets.UTF_8);
				int colon = decoded.indexOf(':');
				return colon >= 0 ? Optional.of(decoded.substring(colon + 1)) : Optional.empty();
			}
			catch (IllegalArgumentException ex) {
				return Optional.empty();
			}
		}
		return Optional.empty();
	}

}
