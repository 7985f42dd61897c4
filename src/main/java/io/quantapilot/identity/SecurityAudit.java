package io.quantapilot.identity;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * What an administrator checks after a suspected breach (the runbook's security-audit): the audit log of a
 * period, failed sign-ins and lockouts, API keys about to expire or not used for long, the administrators and
 * live sessions. Reads only identity's tables and never returns secrets or hashes.
 */
@Service
public class SecurityAudit {

	/** Keys expiring within this are listed as expiring soon. */
	public static final Duration EXPIRY_WARNING = Duration.ofDays(14);

	/** Active keys not used for this long (or never, when older than this) are listed as unused. */
	public static final Duration UNUSED_AFTER = Duration.ofDays(30);

	private final JdbcClient jdbc;

	SecurityAudit(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The report of the period since {@code since}. */
	public record Report(Instant since, Instant generatedAt, Map<String, Long> actions, List<Event> recentEvents,
			List<FailedSignIns> failedSignIns, List<Event> lockouts, List<KeyNote> keysExpiringSoon,
			List<KeyNote> keysUnused, List<Admin> admins, long liveSessions, long sessionsCreated) {
	}

	/** An audit entry without its details (they may name things the reader of a report need not see). */
	public record Event(Instant at, String actor, String action, String targetType, String targetId) {
	}

	/** Failed sign-ins of one user name in the period (only as far back as the lockout window keeps them). */
	public record FailedSignIns(String username, long attempts, long distinctIps, Instant last) {
	}

	/** An active key worth a look. */
	public record KeyNote(java.util.UUID id, String name, String prefix, String username, Instant createdAt,
			Instant expiresAt, Instant lastUsedAt) {
	}

	/** An administrator with what they hold. */
	public record Admin(String username, Instant createdAt, long activeKeys, long liveSessions) {
	}

	public Report report(Instant since, int recentLimit) {
		Instant now = Instant.now();
		Timestamp from = Timestamp.from(since);
		Map<String, Long> actions = new java.util.LinkedHashMap<>();
		jdbc.sql("SELECT action, count(*) AS n FROM audit_log WHERE at >= :since GROUP BY action ORDER BY n DESC, action")
			.param("since", from)
			.query((rs, i) -> Map.entry(rs.getString("action"), rs.getLong("n")))
			.list()
			.forEach(e -> actions.put(e.getKey(), e.getValue()));
		List<Event> recent = jdbc.sql("""
				SELECT at, actor, action, target_type, target_id FROM audit_log WHERE at >= :since
				ORDER BY id DESC LIMIT :limit""")
			.param("since", from)
			.param("limit", recentLimit)
			.query((rs, i) -> new Event(rs.getTimestamp("at").toInstant(), rs.getString("actor"), rs.getString("action"),
					rs.getString("target_type"), rs.getString("target_id")))
			.list();
		List<FailedSignIns> failed = jdbc.sql("""
				SELECT username, count(*) AS n, count(DISTINCT ip) AS ips, max(at) AS last FROM failed_sign_ins
				WHERE at >= :since GROUP BY username ORDER BY n DESC, username LIMIT 50""")
			.param("since", from)
			.query((rs, i) -> new FailedSignIns(rs.getString("username"), rs.getLong("n"), rs.getLong("ips"),
					rs.getTimestamp("last").toInstant()))
			.list();
		List<Event> lockouts = jdbc.sql("""
				SELECT at, actor, action, target_type, target_id FROM audit_log
				WHERE at >= :since AND action = 'user.locked_out' ORDER BY id DESC LIMIT 100""")
			.param("since", from)
			.query((rs, i) -> new Event(rs.getTimestamp("at").toInstant(), rs.getString("actor"), rs.getString("action"),
					rs.getString("target_type"), rs.getString("target_id")))
			.list();
		String activeKeys = """
				SELECT k.id, k.name, k.prefix, u.username, k.created_at, k.expires_at, k.last_used_at
				FROM api_keys k JOIN users u ON u.id = k.user_id
				WHERE k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > :now)""";
		List<KeyNote> expiring = jdbc.sql(activeKeys + " AND k.expires_at <= :soon ORDER BY k.expires_at")
			.param("now", Timestamp.from(now))
			.param("soon", Timestamp.from(now.plus(EXPIRY_WARNING)))
			.query((rs, i) -> keyNote(rs))
			.list();
		List<KeyNote> unused = jdbc.sql(activeKeys + """
				 AND ((k.last_used_at IS NULL AND k.created_at < :cutoff) OR k.last_used_at < :cutoff)
				ORDER BY coalesce(k.last_used_at, k.created_at)""")
			.param("now", Timestamp.from(now))
			.param("cutoff", Timestamp.from(now.minus(UNUSED_AFTER)))
			.query((rs, i) -> keyNote(rs))
			.list();
		List<Admin> admins = jdbc.sql("""
				SELECT u.username, u.created_at,
				  (SELECT count(*) FROM api_keys k WHERE k.user_id = u.id AND k.revoked_at IS NULL
				     AND (k.expires_at IS NULL OR k.expires_at > now())) AS keys,
				  (SELECT count(*) FROM user_sessions s WHERE s.user_id = u.id AND s.revoked_at IS NULL
				     AND s.expires_at > now()) AS sessions
				FROM users u WHERE u.role = 'admin' ORDER BY u.username""")
			.query((rs, i) -> new Admin(rs.getString("username"), rs.getTimestamp("created_at").toInstant(),
					rs.getLong("keys"), rs.getLong("sessions")))
			.list();
		long live = jdbc.sql("SELECT count(*) FROM user_sessions WHERE revoked_at IS NULL AND expires_at > now()")
			.query(Long.class)
			.single();
		long created = jdbc.sql("SELECT count(*) FROM user_sessions WHERE created_at >= :since")
			.param("since", from)
			.query(Long.class)
			.single();
		return new Report(since, now, actions, recent, failed, lockouts, expiring, unused, admins, live, created);
	}

	private static KeyNote keyNote(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new KeyNote(rs.getObject("id", java.util.UUID.class), rs.getString("name"), rs.getString("prefix"),
				rs.getString("username"), rs.getTimestamp("created_at").toInstant(),
				rs.getTimestamp("expires_at") != null ? rs.getTimestamp("expires_at").toInstant() : null,
				rs.getTimestamp("last_used_at") != null ? rs.getTimestamp("last_used_at").toInstant() : null);
	}

}
