package io.quantapilot.identity.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import io.quantapilot.common.Housekeeping;
import io.quantapilot.common.RetentionSettings;
import io.quantapilot.identity.SessionSettings;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deletes dashboard sessions that ended longer ago than the retention, and failed sign-ins that can no longer
 * lock an account. Live sessions and the audit log are never touched.
 */
@Component
class IdentityHousekeeping implements Housekeeping {

	private final JdbcClient jdbc;

	private final SessionSettings sessions;

	IdentityHousekeeping(JdbcClient jdbc, SessionSettings sessions) {
		this.jdbc = jdbc;
		this.sessions = sessions;
	}

	@Override
	@Transactional
	public List<Purged> purge(Instant now, RetentionSettings retention) {
		Timestamp cutoff = Timestamp.from(now.minus(retention.sessions()));
		long ended = jdbc.sql("""
				DELETE FROM user_sessions
				WHERE (revoked_at IS NOT NULL AND revoked_at < :cutoff) OR (revoked_at IS NULL AND expires_at < :cutoff)""")
			.param("cutoff", cutoff)
			.update();
		// A failed sign-in counts toward a lockout only within the window; an hour more keeps the audit readable.
		long failed = jdbc.sql("DELETE FROM failed_sign_ins WHERE at < :cutoff")
			.param("cutoff", Timestamp.from(now.minus(sessions.lockoutWindow()).minusSeconds(3600)))
			.update();
		return List.of(
				new Purged("identity.user_sessions", ended, "ended more than " + RetentionSettings.words(retention.sessions()) + " ago"),
				new Purged("identity.failed_sign_ins", failed, "older than the lockout window plus 1h"));
	}

}
