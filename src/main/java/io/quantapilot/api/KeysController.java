package io.quantapilot.api;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.common.Role;
import io.quantapilot.identity.ApiKeyService;
import io.quantapilot.identity.CurrentPrincipal;
import io.quantapilot.identity.IdentitySettings;
import io.quantapilot.identity.Principal;
import io.quantapilot.identity.SessionService;
import io.quantapilot.identity.UserRole;
import io.quantapilot.identity.UserService;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * API keys and dashboard sessions (API.md: {@code POST|GET /api/v1/auth/keys}, {@code DELETE …/{id}},
 * {@code POST …/{id}/rotate}; plus {@code GET /api/v1/auth/sessions} and {@code POST
 * /api/v1/auth/sessions/revoke}). Only admins manage them. A secret is in the response that creates it and
 * never again.
 */
@RestController
@ConditionalOnRole(Role.API)
@RequestMapping("/api/v1/auth")
class KeysController {

	static final int MAX_KEY_DAYS = 3650;

	private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([smhd])");

	private final ApiKeyService keys;

	private final SessionService sessions;

	private final UserService users;

	private final IdentitySettings settings;

	KeysController(ApiKeyService keys, SessionService sessions, UserService users, IdentitySettings settings) {
		this.keys = keys;
		this.sessions = sessions;
		this.users = users;
		this.settings = settings;
	}

	/**
	 * A key to create.
	 *
	 * @param username whose key it is (default: the caller)
	 * @param expiresInDays lifetime; null: {@code quantapilot.identity.key-lifetime} (0 there: no expiry)
	 */
	record CreateRequest(String name, String username, Integer expiresInDays) {
	}

	/**
	 * A rotation.
	 *
	 * @param gracePeriod how long the old key keeps working ({@code 0}, {@code 30m}, {@code 24h}, {@code 7d})
	 * @param expiresInDays lifetime of the new key; null: the old key's lifetime
	 */
	record RotateRequest(String gracePeriod, Integer expiresInDays) {
	}

	/** Which sessions to end: one user's, or everyone's with {@code all}. */
	record RevokeSessionsRequest(String username, Boolean all) {
	}

	record KeyView(UUID keyId, String name, String prefix, String username, String status, Instant createdAt,
			Instant expiresAt, Instant revokedAt, Instant lastUsedAt) {

		static KeyView of(ApiKeyService.KeyInfo k, Instant now) {
			return new KeyView(k.id(), k.name(), k.prefix(), k.username(), k.status(now), k.createdAt(),
					k.expiresAt(), k.revokedAt(), k.lastUsedAt());
		}

	}

	record SessionView(UUID sessionId, String username, boolean live, Instant createdAt, Instant lastSeenAt,
			Instant expiresAt, Instant revokedAt, String ip) {
	}

	@PostMapping("/keys")
	ResponseEntity<Map<String, Object>> create(@RequestBody(required = false) CreateRequest request) {
		Principal admin = admin();
		if (request == null) {
			throw new QuantaPilotException.InvalidRequest("name", "name is required");
		}
		String name = request.name() == null ? "" : request.name().strip();
		if (name.isEmpty() || name.length() > 200) {
			throw new QuantaPilotException.InvalidRequest("name", "name is required (at most 200 characters)");
		}
		UUID owner = admin.userId();
		String username = admin.username();
		if (request.username() != null && !request.username().isBlank()) {
			username = request.username().strip();
			final String wanted = username;
			owner = users.findId(wanted)
				.orElseThrow(() -> new QuantaPilotException.InvalidRequest("username", "no user named " + wanted));
		}
		ApiKeyService.CreatedKey key = keys.create(name, owner, expiry(request.expiresInDays(), true), admin.actor());
		Map<String, Object> body = created(key);
		body.put("username", username);
		return ResponseEntity.status(HttpStatus.CREATED).body(body);
	}

	@GetMapping("/keys")
	Map<String, Object> list(@RequestParam(defaultValue = "false") boolean all) {
		admin();
		Instant now = Instant.now();
		List<KeyView> views = keys.list()
			.stream()
			.map(k -> KeyView.of(k, now))
			.filter(k -> all || "active".equals(k.status()))
			.toList();
		return Map.of("keys", views);
	}

	@DeleteMapping("/keys/{id}")
	ResponseEntity<Void> revoke(@PathVariable UUID id) {
		keys.revoke(id, admin().actor());
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/keys/{id}/rotate")
	Map<String, Object> rotate(@PathVariable UUID id, @RequestBody(required = false) RotateRequest request) {
		Principal admin = admin();
		Duration grace = Duration.ZERO;
		Instant expiry = null;
		if (request != null) {
			grace = duration("grace_period", request.gracePeriod());
			expiry = expiry(request.expiresInDays(), false);
		}
		ApiKeyService.Rotated rotated = keys.rotate(id, grace, expiry, admin.actor());
		Map<String, Object> body = created(rotated.key());
		body.put("replaces", rotated.replaced());
		body.put("old_key_valid_until", rotated.oldValidUntil());
		return body;
	}

	@GetMapping("/sessions")
	Map<String, Object> sessions(@RequestParam(defaultValue = "100") int limit) {
		admin();
		if (limit < 1 || limit > 1000) {
			throw new QuantaPilotException.InvalidRequest("limit", "limit must be between 1 and 1000");
		}
		Instant now = Instant.now();
		return Map.of("sessions", sessions.recent(limit)
			.stream()
			.map(s -> new SessionView(s.id(), s.username(), s.live(now), s.createdAt(), s.lastSeenAt(), s.expiresAt(),
					s.revokedAt(), s.ip()))
			.toList());
	}

	@PostMapping("/sessions/revoke")
	Map<String, Object> revokeSessions(@RequestBody(required = false) RevokeSessionsRequest request) {
		Principal admin = admin();
		boolean all = request != null && Boolean.TRUE.equals(request.all());
		String username = request == null || request.username() == null ? null : request.username().strip();
		if (all == (username != null && !username.isEmpty())) {
			throw new QuantaPilotException.InvalidRequest("username",
					"give either a username or \"all\": true (not both)");
		}
		if (!all && users.findId(username).isEmpty()) {
			throw new QuantaPilotException.NotFound("user", username);
		}
		int ended = sessions.endAll(all ? null : username, admin.actor());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("scope", all ? "all" : username);
		body.put("revoked", ended);
		return body;
	}

	private Instant expiry(Integer days, boolean useDefault) {
		if (days == null) {
			Duration lifetime = settings.keyLifetime();
			return useDefault && lifetime != null && !lifetime.isZero() ? Instant.now().plus(lifetime) : null;
		}
		if (days < 1 || days > MAX_KEY_DAYS) {
			throw new QuantaPilotException.InvalidRequest("expires_in_days",
					"expires_in_days must be between 1 and " + MAX_KEY_DAYS);
		}
		return Instant.now().plus(Duration.ofDays(days));
	}

	static Duration duration(String field, String text) {
		if (text == null || text.isBlank() || "0".equals(text.strip())) {
			return Duration.ZERO;
		}
		Matcher m = DURATION.matcher(text.strip());
		if (!m.matches()) {
			throw new QuantaPilotException.InvalidRequest(field, field + " must look like 0, 30m, 24h or 7d");
		}
		long n = Long.parseLong(m.group(1));
		Duration d = switch (m.group(2)) {
			case "s" -> Duration.ofSeconds(n);
			case "m" -> Duration.ofMinutes(n);
			case "h" -> Duration.ofHours(n);
			default -> Duration.ofDays(n);
		};
		if (d.compareTo(Duration.ofDays(30)) > 0) {
			throw new QuantaPilotException.InvalidRequest(field, field + " must be at most 30 days");
		}
		return d;
	}

	private static Map<String, Object> created(ApiKeyService.CreatedKey key) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("key_id", key.id());
		body.put("name", key.name());
		body.put("prefix", key.prefix());
		body.put("secret", key.secret());
		body.put("expires_at", key.expiresAt());
		return body;
	}

	private static Principal admin() {
		Principal principal = CurrentPrincipal.get();
		if (principal.role() != UserRole.ADMIN) {
			throw new QuantaPilotException.Forbidden("only admins manage API keys and sessions");
		}
		return principal;
	}

}
