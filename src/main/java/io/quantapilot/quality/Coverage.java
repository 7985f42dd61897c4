package io.quantapilot.quality;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * Line coverage of one test run, or why it could not be measured.
 * <p>
 * Line coverage is the measure every supported tool reports (JaCoCo's {@code LINE} counter,
 * Cobertura's lines, lcov's {@code DA} records, Go's statements), so thresholds mean the same
 * thing whatever the ecosystem. Test sources are left out where the tool counts them (Node.js and
 * coverage.py measure every file they load), since running a test file proves nothing about it.
 *
 * @param measured whether a report was read
 * @param covered lines executed at least once; {@code 0} when not measured
 * @param total executable lines; {@code 0} when not measured
 * @param format the report format read ({@code jacoco}, {@code cobertura}, {@code lcov},
 *     {@code go}), or {@code null} when not measured
 * @param note why coverage was not measured, or {@code null} when it was
 */
public record Coverage(boolean measured, int covered, int total, String format, String note) {

	public Coverage {
		if (measured) {
			Objects.requireNonNull(format, "format");
			if (covered < 0 || total < 0 || covered > total) {
				throw new IllegalArgumentException("covered must be within 0.." + total + ": " + covered);
			}
		}
		else {
			Objects.requireNonNull(note, "note");
		}
	}

	/**
	 * A measured coverage.
	 *
	 * @param format the report format
	 * @param covered lines executed
	 * @param total executable lines
	 * @return the coverage
	 */
	public static Coverage of(String format, int covered, int total) {
		return new Coverage(true, covered, total, format, null);
	}

	/**
	 * Coverage that could not be measured.
	 *
	 * @param reason why, in words a person can act on
	 * @return the coverage
	 */
	public static Coverage notMeasured(String reason) {
		return new Coverage(false, 0, 0, null, reason);
	}

	/**
	 * The percentage of lines covered, two decimals, rounded down so that 79.999 never passes an
	 * 80 % threshold; a report without executable lines counts as fully covered.
	 *
	 * @return the percentage, or {@code null} when not measured
	 */
	public BigDecimal percent() {
		if (!this.measured) {
			return null;
		}
		if (this.total == 0) {
			return BigDecimal.valueOf(100).setScale(2);
		}
		return BigDecimal.valueOf(this.covered)
			.multiply(BigDecimal.valueOf(100))
			.divide(BigDecimal.valueOf(this.total), 2, RoundingMode.DOWN);
	}

	/**
	 * Adds another measured coverage, for builds with several modules or reports.
	 *
	 * @param other another coverage
	 * @return the combined coverage; a measured one wins over one that was not measured
	 */
	public Coverage plus(Coverage other) {
		if (!other.measured) {
			return this;
		}
		if (!this.measured) {
			return other;
		}
		String combined = this.format.equals(other.format) ? this.format : this.format + "+" + other.format;
		return of(combined, this.covered + other.covered, this.total + other.total);
	}

}
