package io.quantapilot.workflow;

import java.time.Duration;
import java.util.Locale;

/**
 * What happens to one type of decision when nobody answers it in time.
 *
 * @param timeout how long the decision waits; null means the workflow's {@code decision-timeout}
 * @param onTimeout what the timeout does
 */
public record DecisionPolicy(Duration timeout, OnTimeout onTimeout) {

	public DecisionPolicy {
		if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
			throw new IllegalArgumentException("a decision timeout must be positive, not " + timeout);
		}
		if (onTimeout == null) {
			onTimeout = OnTimeout.ESCALATE;
		}
	}

	/** The answers a timeout can give. */
	public enum OnTimeout {

		/** Keep waiting: mark the decision timed out, tell the escalation list, and ask again one level up. */
		ESCALATE,

		/** Decide approve on everyone's behalf. */
		APPROVE,

		/** Decide reject on everyone's behalf. */
		REJECT,

		/** Fail the project (a stage stays retryable with retry_stage). */
		FAIL;

		public String wireName() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
