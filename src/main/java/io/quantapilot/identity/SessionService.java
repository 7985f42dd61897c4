package io.quantapilot.identity;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Server-side sessions of the dashboard, recorded in {@code user_sessions}: sign-in with a user's password,
 * a random cookie token (stored only as a hash), a CSRF token per session, idle and absolute expiry, sign-out,
 * and a lockout after repeated failed sign-ins of one user name.
 */
@Service
public class SessionService {

	private static final SecureRandom RANDOM = new SecureRandom();

	/** Refresh the idle expiry at most this often, so page views do not each write a row. */
	private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

	private static final int MAX_USERNAME = 100;

	private final JdbcClient jdbc;

	private final AuditLog audit;

	private final SessionSettings settings;

	private final BCryptPasswordEncoder passwords = new BCryptPasswordEncoder();

	/** Checked against when the user name is unknown, so both answers take as long. */
	private final String unknownUserHash;

	SessionService(JdbcClient jdbc, AuditLog audit, SessionSettings settings) {
		this.jdbc = jdbc;
		this.audit = audit;
		this.settings = settings;
		this.unknownUserHash = passwords.encode(randomToken());
	}

	/** What a sign-in attempt came to. */
	public sealed interface SignInResult permits SignedIn, Refused {
	}

	/**
	 * The user is signed in.
	 *
	 * @param token the cookie value; only its hash is stored, so it is never available again
	 */
	public record SignedIn(Session session, String token) implements SignInResult {
	}

	/**
	 * The attempt was refused.
	 *
	 * @param lockedUntil when the user name may try again, or null when only the credentials were wrong
	 */
	public record Refused(Instant lockedUntil) implements SignInResult {

		public boolean lockedOut() {
			return lockedUntil != null;
		}

	}

	private record UserRow(UUID id, String username, String passwordHash, UserRole role) {
	}

	/**
	 * Signs a user in. A user name with too many recent failures is refused even with the right password
	 * until the window has passed; unknown names count like known ones, so the answer reveals nothing.
	 */
	@Transactional
	public SignInResult signIn(String username, String password, String ip, String userAgent) {
		String name = username == null ? "" : username.strip();
		if (name.isEmpty() || name.length() > MAX_USERNAME || password == null || password.length() > 1000) {
			return new Refused(null);
		}
		Instant now = Instant.now();
		Optional<Instant> locked = lockedUntil(name, now);
		if (locked.isPresent()) {
			return new Refused(locked.get());
		}
		Optional<UserRow> user = jdbc.sql("SELECT id, username, password_hash, role FROM users WHERE username = :u")
			.param("u", name)
			.query((rs, i) -> new UserRow(rs.getObject("id", UUID.class), rs.getString("username"),
					rs.getString("password_hash"), UserRole.valueOf(rs.getString("role").toUpperCase(Locale.ROOT))))
			.optional();
		boolean matches = passwords.matches(password, user.map(UserRow::passwordHash).orElse(unknownUserHash));
		if (user.isEmpty() || !matches) {
			jdbc.sql("INSERT INTO failed_sign_ins (username, ip) VALUES (:u, :ip)")
				.param("u", name)
				.param("ip", truncate(ip, 64))
				.update();
			Optional<Instant> nowLocked = lockedUntil(name, now);
			if (nowLocked.isPresent()) {
				audit.record("system", "user.locked_out", "user", name,
						Map.of("failed_sign_ins", settings.maxFailedSignIns(), "ip", String.valueOf(ip)));
			}
			return new Refused(nowLocked.orElse(null));
		}
		jdbc.sql("DELETE FROM failed_sign_ins WHERE username = :u").param("u", name).update();
		UserRow row = user.get();
		UUID id = UUID.randomUUID();
		String token = randomToken();
		String csrf = randomToken();
		Instant expires = now.plus(min(settings.idleTimeout(), settings.maxLifetime()));
		jdbc.sql("""
				INSERT INTO user_sessions (id, token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at,
				    ip, user_agent)
				VALUES (:id, :hash, :user, :csrf, :now, :now, :expires, :ip, :agent)""")
			.param("id", id)
			.param("hash", ApiKeyService.hash(token))
			.param("user", row.id())
			.param("csrf", csrf)
			.param("now", Timestamp.from(now))
			.param("expires", Timestamp.from(expires))
			.param("ip", truncate(ip, 64))
			.param("agent", truncate(userAgent, 400))
			.update();
		audit.record(row.username(), "session.created", "user_session", id.toString(),
				Map.of("ip", String.valueOf(ip)));
		return new SignedIn(new Session(id, new Principal(row.id(), row.username(), row.role(), null), csrf, now,
				expires), token);
	}

	/**
	 * The live session a cookie token belongs to. Using it pushes the idle expiry forward (never past the
	 * maximum lifetime).
	 */
	public Optional<Session> authenticate(String token) {
		if (token == null || token.isBlank() || token.length() > 200) {
			return Optional.empty();
		}
		Instant now = Instant.now();
		Optional<SessionRow> found = jdbc.sql("""
				SELECT s.id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at, u.id AS user_id, u.username, u.role
				FROM user_sessions s JOIN users u ON u.id = s.user_id
				WHERE s.token_hash = :hash AND s.revoked_at IS NULL AND s.expires_at > :now""")
			.param("hash", ApiKeyService.hash(token))
			.param("now", Timestamp.from(now))
			.query((rs, i) -> new SessionRow(new Session(rs.getObject("id", UUID.class),
					new Principal(rs.getObject("user_id", UUID.class), rs.getString("username"),
							UserRole.valueOf(rs.getString("role").toUpperCase(Locale.ROOT)), null),
					rs.getString("csrf_token"), rs.getTimestamp("created_at").toInstant(),
					rs.getTimestamp("expires_at").toInstant()), rs.getTimestamp("last_seen_at").toInstant()))
			.optional();
		if (found.isEmpty()) {
			return Optional.empty();
		}
		Session session = found.get().session();
		if (found.get().lastSeenAt().isBefore(now.minus(TOUCH_INTERVAL))) {
			Instant expires = touch(session.id(), session.createdAt(), now);
			session = new Session(session.id(), session.principal(), session.csrfToken(), session.createdAt(), expires);
		}
		return Optional.of(session);
	}

	private record SessionRow(Session session, Instant lastSeenAt) {
	}

	/** Whether the session is still live (not signed out, not expired); using it is not checked here. */
	public boolean isLive(UUID sessionId) {
		return jdbc.sql("""
				SELECT count(*) FROM user_sessions WHERE id = :id AND revoked_at IS NULL AND expires_at > now()""")
			.param("id", sessionId)
			.query(Long.class)
			.single() > 0;
	}

	private Instant touch(UUID id, Instant created, Instant now) {
		Instant idle = now.plus(settings.idleTimeout());
		Instant absolute = created.plus(settings.maxLifetime());
		Instant expires = idle.isBefore(absolute) ? idle : absolute;
		jdbc.sql("UPDATE user_sessions SET last_seen_at = :now, expires_at = :expires WHERE id = :id")
			.param("id", id)
			.param("now", Timestamp.from(now))
			.param("expires", Timestamp.from(expires))
			.update();
		return expires;
	}

	/** Ends the session of a cookie token (nothing happens when it is unknown or already ended). */
	@Transactional
	public void signOut(String token) {
		if (token == null || token.isBlank() || token.length() > 200) {
			return;
		}
		List<String[]> ended = jdbc.sql("""
				UPDATE user_sessions SET revoked_at = now()
				WHERE token_hash = :hash AND revoked_at IS NULL
				RETURNING id, (SELECT username FROM users WHERE users.id = user_sessions.user_id) AS username""")
			.param("hash", ApiKeyService.hash(token))
			.query((rs, i) -> new String[] { rs.getString("id"), rs.getString("username") })
			.list();
		for (String[] session : ended) {
			audit.record(session[1], "session.ended", "user_session", session[0], Map.of());
		}
	}

	/**
	 * Ends every live session of one user, or of everyone when {@code username} is null (the runbook's
	 * revoke-tokens after a compromise). Idempotent: ended sessions stay ended and are not counted again.
	 *
	 * @return how many live sessions were ended
	 */
	@Transactional
	public int endAll(String username, String actor) {
		List<String[]> ended = jdbc.sql("""
				UPDATE user_sessions s SET revoked_at = now()
				FROM users u
				WHERE u.id = s.user_id AND s.revoked_at IS NULL AND s.expires_at > now()
				  AND (CAST(:u AS VARCHAR) IS NULL OR u.username = :u)
				RETURNING s.id, u.username""")
			.param("u", username)
			.query((rs, i) -> new String[] { rs.getString("id"), rs.getString("username") })
			.list();
		for (String[] session : ended) {
			audit.record(actor, "session.revoked", "user_session", session[0], Map.of("username", session[1]));
		}
		return ended.size();
	}

	/**
	 * A session as listed for administrators (no token).
	 *
	 * @param revokedAt when the user signed out, or null
	 */
	public record SessionInfo(UUID id, String username, Instant createdAt, Instant lastSeenAt, Instant expiresAt,
			Instant revokedAt, String ip, String userAgent) {

		public boolean live(Instant now) {
			return revokedAt == null && expiresAt.isAfter(now);
		}

	}

	/** The most recent sessions, newest first. */
	public List<SessionInfo> recent(int limit) {
		return jdbc.sql("""
				SELECT s.*, u.username FROM user_sessions s JOIN users u ON u.id = s.user_id
				ORDER BY s.created_at DESC LIMIT :limit""")
			.param("limit", limit)
			.query((rs, i) -> new SessionInfo(rs.getObject("id", UUID.class), rs.getString("username"),
					rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("last_seen_at").toInstant(),
					rs.getTimestamp("expires_at").toInstant(),
					rs.getTimestamp("revoked_at") != null ? rs.getTimestamp("revoked_at").toInstant() : null,
					rs.getString("ip"), rs.getString("user_agent")))
			.list();
	}

	/** Whether two tokens are equal, in time that does not depend on where they differ. */
	public static boolean sameToken(String expected, String given) {
		if (expected == null || given == null) {
			return false;
		}
		return MessageDigest.isEqual(expected.getBytes(java.nio.charset.StandardCharsets.UTF_8),
				given.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	/** A random URL-safe token of 256 bits. */
	public static String randomToken() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** Deletes sessions ended long ago and failed sign-ins older than any lockout window. */
	@Transactional
	public void removeStale(Duration keepEndedSessions) {
		Instant now = Instant.now();
		jdbc.sql("DELETE FROM user_sessions WHERE expires_at < :cutoff OR revoked_at < :cutoff")
			.param("cutoff", Timestamp.from(now.minus(keepEndedSessions)))
			.update();
		jdbc.sql("DELETE FROM failed_sign_ins WHERE at < :cutoff")
			.param("cutoff", Timestamp.from(now.minus(settings.lockoutWindow()).minus(Duration.ofHours(1))))
			.update();
	}

	private Optional<Instant> lockedUntil(String username, Instant now) {
		Instant since = now.minus(settings.lockoutWindow());
		return jdbc.sql("""
				SELECT count(*) AS n, min(at) AS first FROM (
				    SELECT at FROM failed_sign_ins WHERE username = :u AND at > :since ORDER BY at DESC LIMIT :max
				) recent""")
			.param("u", username)
			.param("since", Timestamp.from(since))
			.param("max", settings.maxFailedSignIns())
			.query((rs, i) -> rs.getLong("n") >= settings.maxFailedSignIns()
					? Optional.of(rs.getTimestamp("first").toInstant().plus(settings.lockoutWindow()))
					: Optional.<Instant>empty())
			.single();
	}

	private static Duration min(Duration a, Duration b) {
		return a.compareTo(b) <= 0 ? a : b;
	}

	private static String truncate(String value, int max) {
		return value == null ? null : value.length() > max ? value.substring(0, max) : value;
	}

}
