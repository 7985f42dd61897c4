package io.quantapilot.agents.http;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When a provider's circuit opens and how long it stays open.
 *
 * @param failureThreshold consecutive failed attempts (5xx, timeouts, connection errors) that open the circuit
 * @param coolDown how long an open circuit fails fast before one trial call is let through
 */
public record CircuitBreakerSettings(@DefaultValue("5") int failureThreshold, @DefaultValue("60s") Duration coolDown) {

	public CircuitBreakerSettings {
		if (failureThreshold < 1) {
			throw new IllegalArgumentException("failure-threshold must be at least 1: " + failureThreshold);
		}
	}

	/** The defaults, for code that builds a client without Spring. */
	public static CircuitBreakerSettings defaults() {
		return new CircuitBreakerSettings(5, Duration.ofSeconds(60));
	}

}
