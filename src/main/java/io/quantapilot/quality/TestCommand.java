package io.quantapilot.quality;

import java.util.List;
import java.util.Objects;

/**
 * A project's test command as an argument vector, run without a shell.
 *
 * @param argv the program and its arguments; any occurrence of {@link #REPORT_DIR} or
 *     {@link #COVERAGE_DIR} inside an argument is replaced by a fresh, writable directory
 * @param ecosystem the build ecosystem the command was chosen for ({@code maven}, {@code gradle},
 *     {@code node}, {@code python}, {@code go} or {@code custom}); it also hints which console
 *     format to parse
 * @param reportGlobs glob patterns, relative to the project directory, of JUnit XML reports the
 *     command writes into the project (for example {@code target/surefire-reports/TEST-*.xml});
 *     XML files written into {@link #REPORT_DIR} are always read and need no pattern
 * @param coverage how coverage is measured, or why it cannot be
 */
public record TestCommand(List<String> argv, String ecosystem, List<String> reportGlobs, CoverageSpec coverage) {

	/**
	 * Placeholder for the per-run report directory. The runner owns that directory (outside the
	 * project, so reports never end up in the generated repository) and makes it writable in the
	 * sandbox.
	 */
	public static final String REPORT_DIR = "{reportDir}";

	/**
	 * Placeholder for the per-run coverage directory, kept apart from {@link #REPORT_DIR} so that
	 * a Cobertura {@code coverage.xml} is never mistaken for a test report.
	 */
	public static final String COVERAGE_DIR = "{coverageDir}";

	/** Why coverage is unknown for commands nobody said how to measure. */
	public static final String NO_COVERAGE = "no coverage tool is known for this test command";

	public TestCommand {
		Objects.requireNonNull(argv, "argv");
		Objects.requireNonNull(ecosystem, "ecosystem");
		Objects.requireNonNull(reportGlobs, "reportGlobs");
		Objects.requireNonNull(coverage, "coverage");
		argv = List.copyOf(argv);
		reportGlobs = List.copyOf(reportGlobs);
		if (argv.isEmpty() || argv.get(0).isBlank()) {
			throw new IllegalArgumentException("A test command needs a program to run");
		}
	}

	/**
	 * A command that measures no coverage.
	 *
	 * @param argv the program and its arguments
	 * @param ecosystem the build ecosystem
	 * @param reportGlobs where the command writes JUnit XML reports in the project
	 */
	public TestCommand(List<String> argv, String ecosystem, List<String> reportGlobs) {
		this(argv, ecosystem, reportGlobs, CoverageSpec.none(NO_COVERAGE));
	}

	/**
	 * Returns the argument vector with {@link #REPORT_DIR} replaced by the given directory.
	 *
	 * @param reportDir the directory reports should be written to
	 * @return the argument vector to execute
	 */
	public List<String> argvWithReportDir(String reportDir) {
		return this.argv.stream().map(argument -> argument.replace(REPORT_DIR, reportDir)).toList();
	}

	/**
	 * Replaces both placeholders in an argument vector.
	 *
	 * @param argv the arguments
	 * @param reportDir the test report directory
	 * @param coverageDir the coverage directory
	 * @return the arguments to execute
	 */
	static List<String> expand(List<String> argv, String reportDir, String coverageDir) {
		return argv.stream()
			.map(argument -> argument.replace(REPORT_DIR, reportDir).replace(COVERAGE_DIR, coverageDir))
			.toList();
	}

	/**
	 * Returns this command with other arguments, keeping the ecosystem and where reports are; the
	 * coverage spec keeps only the reports the build writes itself, since a command someone chose
	 * is not wrapped by a coverage tool.
	 *
	 * @param otherArgv the arguments to run instead
	 * @return the command
	 */
	public TestCommand withArgv(List<String> otherArgv) {
		CoverageSpec kept = new CoverageSpec(this.coverage.reportGlobs(), List.of(),
				this.coverage.reportGlobs().isEmpty()
						? "the configured test command writes no coverage report that QuantaPilot knows of"
						: this.coverage.missingReason());
		return new TestCommand(otherArgv, this.ecosystem, this.reportGlobs, kept);
	}

}
