package io.quantapilot.identity;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Dashboard sign-in sessions and the lockout after failed sign-ins.
 *
 * @param idleTimeout a session not used for this long ends
 * @param maxLifetime a session ends this long after sign-in, however busy
 * @param maxFailedSignIns failed sign-ins of one user name within {@code lockoutWindow} that lock it
 * @param lockoutWindow how far back failed sign-ins count, and so how long a lockout lasts at most
 */
@ConfigurationProperties("quantapilot.identity.sessions")
public record SessionSettings(@DefaultValue("2h") Duration idleTimeout, @DefaultValue("12h") Duration maxLifetime,
		@DefaultValue("5") int maxFailedSignIns, @DefaultValue("15m") Duration lockoutWindow) {
}
