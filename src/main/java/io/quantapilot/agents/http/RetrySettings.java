package io.quantapilot.agents.http;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often and how patiently a provider's HTTP calls are retried.
 *
 * @param maxAttempts attempts per call, the first one included
 * @param initialDelay backoff before the second attempt; doubled for each further one
 * @param maxDelay the longest backoff between two attempts
 * @param maxRetryAfter the longest wait a server's {@code Retry-After} is honoured for; longer waits are cut
 *     to this, since the worker pool retries the whole step later anyway
 */
public record RetrySettings(@DefaultValue("4") int maxAttempts, @DefaultValue("500ms") Duration initialDelay,
		@DefaultValue("20s") Duration maxDelay, @DefaultValue("60s") Duration maxRetryAfter) {

	public RetrySettings {
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("max-attempts must be at least 1: " + maxAttempts);
		}
	}

	/** The defaults, for code that builds a client without Spring. */
	public static RetrySettings defaults() {
		return new RetrySettings(4, Duration.ofMillis(500), Duration.ofSeconds(20), Duration.ofSeconds(60));
	}

}
