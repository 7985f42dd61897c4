package io.quantapilot.quality;

import java.util.List;
import java.util.Objects;

/**
 * How a {@link TestCommand} measures coverage without the project being edited.
 *
 * @param reportGlobs glob patterns, relative to the project, of coverage reports the build writes
 *     itself (JaCoCo's {@code target/site/jacoco/jacoco.xml}, c8's {@code coverage/lcov.info});
 *     reports written into {@link TestCommand#COVERAGE_DIR} are always read
 * @param afterCommand a command run in the same sandbox once the tests ended, turning recorded
 *     data into a report (coverage.py's {@code coverage xml}); empty for none
 * @param missingReason what to tell when no report turns up, so that a person knows what to add
 */
public record CoverageSpec(List<String> reportGlobs, List<String> afterCommand, String missingReason) {

	public CoverageSpec {
		reportGlobs = List.copyOf(reportGlobs);
		afterCommand = List.copyOf(afterCommand);
		Objects.requireNonNull(missingReason, "missingReason");
	}

	/**
	 * A command without any way of measuring coverage.
	 *
	 * @param reason why coverage cannot be measured for it
	 * @return the spec
	 */
	public static CoverageSpec none(String reason) {
		return new CoverageSpec(List.of(), List.of(), reason);
	}

	/**
	 * Reports the build writes itself, nothing to run afterwards.
	 *
	 * @param missingReason what to tell when no report turns up
	 * @param reportGlobs where the reports are
	 * @return the spec
	 */
	public static CoverageSpec reports(String missingReason, String... reportGlobs) {
		return new CoverageSpec(List.of(reportGlobs), List.of(), missingReason);
	}

}
