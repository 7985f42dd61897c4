package io.quantapilot.identity.internal;

import java.time.Duration;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.identity.SessionService;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code user_sessions} and {@code failed_sign_ins} small: ended sessions stay 30 days for audits,
 * failed sign-ins only as long as they can still lock an account.
 */
@Component
// Sessions are the dashboard's; one role cleaning them up is enough.
@ConditionalOnRole(Role.DASHBOARD)
class SessionHousekeeping {

	private static final Duration KEEP_ENDED_SESSIONS = Duration.ofDays(30);

	private final SessionService sessions;

	SessionHousekeeping(SessionService sessions) {
		this.sessions = sessions;
	}

	@Scheduled(initialDelayString = "PT5M", fixedDelayString = "PT1H")
	void removeStale() {
		sessions.removeStale(KEEP_ENDED_SESSIONS);
	}

}
