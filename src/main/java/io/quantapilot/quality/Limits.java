package io.quantapilot.quality;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Bounds for one test run.
 *
 * @param timeout wall-clock time after which the whole process tree is killed
 * @param maxOutputBytes most bytes of merged stdout/stderr kept; beyond it the head and the
 *     (larger) tail are kept with a marker in between, because summaries and failures are printed
 *     last
 * @param environment variables added to (or overriding) the run's environment
 */
public record Limits(Duration timeout, int maxOutputBytes, Map<String, String> environment) {

	/** Default output budget: plenty for a failure report, small enough to store per stage. */
	public static final int DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;

	/** Default timeout: a generous bound for a first Maven or npm build of a small project. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);

	public Limits {
		Objects.requireNonNull(timeout, "timeout");
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout must be positive: " + timeout);
		}
		// Below this the head and tail would not even hold a summary line.
		if (maxOutputBytes < 256) {
			throw new IllegalArgumentException("maxOutputBytes must be at least 256: " + maxOutputBytes);
		}
		environment = Map.copyOf(environment);
	}

	/**
	 * Returns the default limits.
	 *
	 * @return limits with {@link #DEFAULT_TIMEOUT}, {@link #DEFAULT_MAX_OUTPUT_BYTES} and no extra
	 *     environment
	 */
	public static Limits defaults() {
		return new Limits(DEFAULT_TIMEOUT, DEFAULT_MAX_OUTPUT_BYTES, Map.of());
	}

	/**
	 * Returns these limits with another timeout.
	 *
	 * @param timeout the new timeout
	 * @return a copy with the timeout replaced
	 */
	public Limits withTimeout(Duration timeout) {
		return new Limits(timeout, this.maxOutputBytes, this.environment);
	}

	/**
	 * Returns these limits with another output budget.
	 *
	 * @param maxOutputBytes the new budget in bytes
	 * @return a copy with the budget replaced
	 */
	public Limits withMaxOutputBytes(int maxOutputBytes) {
		return new Limits(this.timeout, maxOutputBytes, this.environment);
	}

	/**
	 * Returns these limits with another set of extra environment variables.
	 *
	 * @param environment the variables to add
	 * @return a copy with the environment additions replaced
	 */
	public Limits withEnvironment(Map<String, String> environment) {
		return new Limits(this.timeout, this.maxOutputBytes, environment);
	}

}
