package io.quantapilot.quality;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of running a project's tests once.
 *
 * @param command the argument vector that was run, before sandbox wrapping
 * @param sandbox the {@link Sandbox#name() name} of the sandbox it ran in
 * @param exitCode the process's exit code; after a kill, the code the killed process reported
 *     (typically 128 + signal), or {@code -1} when it could not be read
 * @param timedOut whether the run hit {@link Limits#timeout()} and was killed
 * @param cancelled whether the run was killed because the calling thread was interrupted
 * @param duration wall-clock time from start until the process ended or was killed
 * @param output merged stdout and stderr, limited to {@link Limits#maxOutputBytes()}
 * @param outputTruncated whether part of the output was dropped
 * @param summary the parsed results
 * @param coverage the measured line coverage, or why there is none
 */
public record TestRun(List<String> command, String sandbox, int exitCode, boolean timedOut,
		boolean cancelled, Duration duration, String output, boolean outputTruncated, TestSummary summary,
		Coverage coverage) {

	public TestRun {
		command = List.copyOf(command);
		Objects.requireNonNull(sandbox, "sandbox");
		Objects.requireNonNull(duration, "duration");
		Objects.requireNonNull(output, "output");
		Objects.requireNonNull(summary, "summary");
		Objects.requireNonNull(coverage, "coverage");
	}

	/**
	 * Tells whether the tests passed: the process exited with 0 on its own and no test failed or
	 * errored. When the summary is unknown the exit code alone decides.
	 *
	 * @return {@code true} for a green run
	 */
	public boolean passed() {
		if (this.exitCode != 0 || this.timedOut || this.cancelled) {
			return false;
		}
		return !this.summary.known() || this.summary.failed() + this.summary.errors() == 0;
	}

}
