package io.quantapilot.quality;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One quality gate's verdict on one test run.
 *
 * @param gate the gate: {@code tests_passed}, {@code min_tests}, {@code coverage},
 *     {@code no_test_decrease}, {@code no_cheating} or {@code command:<name>}
 * @param verdict {@link #PASSED}, {@link #WARNING} (passes, but a person should know) or
 *     {@link #FAILED}
 * @param value what was measured ({@code not_measured} when it could not be)
 * @param threshold what it had to reach, or {@code null} for gates without one
 * @param message the verdict in words
 * @param evidence details behind a verdict: cheating findings, a command's output tail
 */
public record GateResult(String gate, String verdict, String value, String threshold, String message,
		List<String> evidence) {

	/** The gate passed. */
	public static final String PASSED = "passed";

	/** The gate passed with a warning (coverage that could not be measured, by default). */
	public static final String WARNING = "warning";

	/** The gate failed. */
	public static final String FAILED = "failed";

	private static final Set<String> VERDICTS = Set.of(PASSED, WARNING, FAILED);

	public GateResult {
		Objects.requireNonNull(gate, "gate");
		Objects.requireNonNull(message, "message");
		if (!VERDICTS.contains(verdict)) {
			throw new IllegalArgumentException("unknown verdict " + verdict);
		}
		evidence = List.copyOf(evidence);
	}

	/**
	 * Tells whether this gate blocks the stage.
	 *
	 * @return whether the verdict is {@link #FAILED}
	 */
	public boolean failed() {
		return FAILED.equals(this.verdict);
	}

	/**
	 * One line for a pull request, a decision or the developer's next attempt.
	 *
	 * @return the gate, verdict, value against threshold, and message
	 */
	public String line() {
		StringBuilder line = new StringBuilder(this.gate).append(": ").append(this.verdict.toUpperCase(java.util.Locale.ROOT));
		if (this.value != null) {
			line.append(" (").append(this.value);
			if (this.threshold != null) {
				line.append(", threshold ").append(this.threshold);
			}
			line.append(')');
		}
		return line.append(" — ").append(this.message).toString();
	}

}
