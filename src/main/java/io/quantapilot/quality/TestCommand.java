package io.quantapilot.quality;

import java.util.List;
import java.util.Objects;

/**
 * A project's test command as an argument vector, run without a shell.
 *
 * @param argv the program and its arguments; any occurrence of {@link #REPORT_DIR} inside an
 *     argument is replaced by a fresh, writable directory for machine-readable reports
 * @param ecosystem the build ecosystem the command was chosen for ({@code maven}, {@code gradle},
 *     {@code node}, {@code python}, {@code go} or {@code custom}); it also hints which console
 *     format to parse
 * @param reportGlobs glob patterns, relative to the project directory, of JUnit XML reports the
 *     command writes into the project (for example {@code target/surefire-reports/TEST-*.xml});
 *     XML files written into {@link #REPORT_DIR} are always read and need no pattern
 */
public record TestCommand(List<String> argv, String ecosystem, List<String> reportGlobs) {

	/**
	 * Placeholder for the per-run report directory. The runner owns that directory (outside the
	 * project, so reports never end up in the generated repository) and makes it writable in the
	 * sandbox.
	 */
	public static final String REPORT_DIR = "{reportDir}";

	public TestCommand {
		Objects.requireNonNull(argv, "argv");
		Objects.requireNonNull(ecosystem, "ecosystem");
		Objects.requireNonNull(reportGlobs, "reportGlobs");
		argv = List.copyOf(argv);
		reportGlobs = List.copyOf(reportGlobs);
		if (argv.isEmpty() || argv.get(0).isBlank()) {
			throw new IllegalArgumentException("A test command needs a program to run");
		}
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

}
