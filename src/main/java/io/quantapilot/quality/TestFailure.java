package io.quantapilot.quality;

import java.util.Objects;

/**
 * One failing or erroring test.
 *
 * @param name the test's qualified name (class or module plus test name where known)
 * @param kind whether an assertion failed or the test errored
 * @param message the failure message, at most {@link #MAX_MESSAGE_CHARS} characters; empty when
 *     the tool gave none
 * @param trace the stack trace or tool output for the failure, at most {@link #MAX_TRACE_LINES}
 *     lines; empty when unknown
 */
public record TestFailure(String name, Kind kind, String message, String trace) {

	/** Longest trace kept: enough to see the failing line, short enough for a prompt or a PR. */
	public static final int MAX_TRACE_LINES = 40;

	/** Longest message kept; assertion messages that dump whole objects can be huge. */
	public static final int MAX_MESSAGE_CHARS = 2_000;

	/** How a test went wrong. */
	public enum Kind {
		/** An assertion did not hold. */
		FAILURE,
		/** The test threw something other than an assertion failure, or could not run. */
		ERROR
	}

	public TestFailure {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(kind, "kind");
		message = limitMessage(message == null ? "" : message.strip());
		trace = limitTrace(trace == null ? "" : trace.strip());
	}

	private static String limitMessage(String message) {
		if (message.length() <= MAX_MESSAGE_CHARS) {
			return message;
		}
		return message.substring(0, MAX_MESSAGE_CHARS - 1) + "…";
	}

	private static String limitTrace(String trace) {
		String[] lines = trace.split("\\R", -1);
		if (lines.length <= MAX_TRACE_LINES) {
			return trace;
		}
		// Keep the top of the trace (where the failure is) and say how much was dropped, within
		// the line budget.
		int kept = MAX_TRACE_LINES - 1;
		StringBuilder limited = new StringBuilder();
		for (int i = 0; i < kept; i++) {
			limited.append(lines[i]).append('\n');
		}
		return limited.append("... ").append(lines.length - kept).append(" more lines").toString();
	}

}
