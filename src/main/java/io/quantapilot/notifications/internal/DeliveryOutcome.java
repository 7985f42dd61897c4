package io.quantapilot.notifications.internal;

import java.time.Instant;

/** What became of one delivery attempt. */
public sealed interface DeliveryOutcome {

	/** The recipient has it. */
	record Delivered(String detail) implements DeliveryOutcome {
	}

	/**
	 * Try again at {@code at}; {@code countsAsAttempt} is false when the channel asked us to wait (a rate
	 * limit) rather than failed.
	 */
	record RetryAt(Instant at, String reason, boolean countsAsAttempt) implements DeliveryOutcome {
	}

	/** The attempt failed; a permanent failure is not retried, a transient one is with backoff. */
	record Failed(String reason, boolean permanent) implements DeliveryOutcome {
	}

	/** Nothing to deliver any more (the subscription was disabled or deleted, the chat unlinked). */
	record Cancelled(String reason) implements DeliveryOutcome {
	}

	static DeliveryOutcome delivered() {
		return new Delivered("");
	}

}
