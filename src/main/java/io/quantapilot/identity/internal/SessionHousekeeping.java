package io.quantapilot.identity.internal;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.RetentionSettings;
import io.quantapilot.common.Role;
import io.quantapilot.identity.SessionService;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code user_sessions} and {@code failed_sign_ins} small: ended sessions stay for audits as long as
 * {@code quantapilot.retention.sessions} (30 days by default),
 * failed sign-ins only as long as they can still lock an account.
 */
@Component
// Sessions are the dashboard's; one role cleaning them up is enough.
@ConditionalOnRole(Role.DASHBOARD)
class SessionHousekeeping {

	private final SessionService sessions;

	private final RetentionSettings retention;

	SessionHousekeeping(SessionService sessions, RetentionSettings retention) {
		this.sessions = sessions;
		this.retention = retention;
	}

	@Scheduled(initialDelayString = "PT5M", fixedDelayString = "PT1H")
	void removeStale() {
		sessions.removeStale(retention.sessions());
	}

}
