package io.quantapilot.agents.http;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

import io.quantapilot.common.QuantaPilotException;

/**
 * A circuit breaker for one provider. It opens after a number of consecutive failed attempts and then fails
 * fast, so a provider outage costs neither retries nor worker time; after a cool-down it lets one trial call
 * through (half-open), which closes it again on success or reopens it on failure.
 */
public final class CircuitBreaker {

	/** The breaker's states. */
	public enum State {
		CLOSED, OPEN, HALF_OPEN
	}

	private final String provider;

	private final CircuitBreakerSettings settings;

	private final LongSupplier nanoTime;

	private State state = State.CLOSED;

	private int consecutiveFailures;

	private long openedAt;

	private boolean trialInFlight;

	private String lastFailure = "";

	public CircuitBreaker(String provider, CircuitBreakerSettings settings) {
		this(provider, settings, System::nanoTime);
	}

	CircuitBreaker(String provider, CircuitBreakerSettings settings, LongSupplier nanoTime) {
		this.provider = Objects.requireNonNull(provider, "provider");
		this.settings = Objects.requireNonNull(settings, "settings");
		this.nanoTime = nanoTime;
	}

	/**
	 * Asks to make a call.
	 *
	 * @throws QuantaPilotException.TransientFailure naming the provider when the circuit is open
	 */
	public synchronized void acquire() {
		if (state == State.OPEN) {
			long openFor = nanoTime.getAsLong() - openedAt;
			if (openFor < settings.coolDown().toNanos()) {
				throw open(Duration.ofNanos(settings.coolDown().toNanos() - openFor));
			}
			state = State.HALF_OPEN;
			trialInFlight = false;
		}
		if (state == State.HALF_OPEN) {
			// One trial at a time: a second caller during the trial would hit the same outage.
			if (trialInFlight) {
				throw open(Duration.ZERO);
			}
			trialInFlight = true;
		}
	}

	/** The provider answered (any answer that is not an outage). */
	public synchronized void success() {
		state = State.CLOSED;
		consecutiveFailures = 0;
		trialInFlight = false;
	}

	/** An attempt failed in a way that suggests an outage (5xx, timeout, no connection). */
	public synchronized void failure(String why) {
		lastFailure = why;
		consecutiveFailures++;
		trialInFlight = false;
		if (state == State.HALF_OPEN || consecutiveFailures >= settings.failureThreshold()) {
			state = State.OPEN;
			openedAt = nanoTime.getAsLong();
		}
	}

	/**
	 * The call ended without telling anything about the provider (it was cancelled, or failed on our side):
	 * a half-open circuit lets the next trial through.
	 */
	public synchronized void release() {
		trialInFlight = false;
	}

	public synchronized State state() {
		return state;
	}

	private QuantaPilotException.TransientFailure open(Duration remaining) {
		return new QuantaPilotException.TransientFailure(provider + " provider unavailable: circuit open after "
				+ consecutiveFailures + " consecutive failures (last: " + lastFailure + ")"
				+ (remaining.isZero() ? "; a trial call is in progress"
						: "; next trial in " + Math.max(1, remaining.toSeconds()) + " s"),
				null);
	}

}
