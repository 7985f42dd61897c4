package io.quantapilot.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Test counts and failures of one run. Counts are {@code -1} when nothing could be parsed; then
 * only the exit code tells whether the run passed.
 *
 * @param total tests run, including skipped ones
 * @param passed tests that passed
 * @param failed tests whose assertions failed
 * @param errors tests that errored (or were cancelled) rather than failed an assertion
 * @param skipped tests that were skipped, disabled or marked to-do
 * @param failures details of failing and erroring tests, at most {@link #MAX_FAILURES}
 * @param source where the numbers came from: {@code junit-xml}, {@code console:<format>} or
 *     {@code none}
 */
public record TestSummary(int total, int passed, int failed, int errors, int skipped,
		List<TestFailure> failures, String source) {

	/** Most failures kept in detail; the counts stay exact beyond it. */
	public static final int MAX_FAILURES = 50;

	private static final TestSummary UNKNOWN = new TestSummary(-1, -1, -1, -1, -1, List.of(), "none");

	public TestSummary {
		Objects.requireNonNull(source, "source");
		failures = List.copyOf(failures.size() > MAX_FAILURES ? failures.subList(0, MAX_FAILURES) : failures);
	}

	/**
	 * Returns the summary of a run whose results could not be read.
	 *
	 * @return a summary with all counts {@code -1}
	 */
	public static TestSummary unknown() {
		return UNKNOWN;
	}

	/**
	 * Tells whether the counts were parsed from a report or the console.
	 *
	 * @return {@code true} when the counts are meaningful
	 */
	public boolean known() {
		return this.total >= 0;
	}

	/**
	 * Adds another summary's counts and failures to this one, for runs with several reports or
	 * modules.
	 *
	 * @param other a known summary
	 * @return the combined summary, keeping this summary's source
	 */
	public TestSummary plus(TestSummary other) {
		if (!known()) {
			return other;
		}
		if (!other.known()) {
			return this;
		}
		List<TestFailure> combined = new ArrayList<>(this.failures);
		combined.addAll(other.failures);
		return new TestSummary(this.total + other.total, this.passed + other.passed,
				this.failed + other.failed, this.errors + other.errors, this.skipped + other.skipped,
				combined, this.source);
	}

}
