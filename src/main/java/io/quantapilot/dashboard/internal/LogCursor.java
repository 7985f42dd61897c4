package io.quantapilot.dashboard.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A position in a project's agent log: the run (by its index among the project's runs, in the order they
 * started) and the last event seen of it. Written as {@code run.seq}; it is the SSE event id, so a browser
 * that reconnects resumes where it stopped.
 */
public record LogCursor(int run, int seq) {

	public static final LogCursor START = new LogCursor(0, 0);

	private static final Pattern TEXT = Pattern.compile("(\\d{1,6})\\.(\\d{1,9})");

	public static Optional<LogCursor> parse(String text) {
		if (text == null) {
			return Optional.empty();
		}
		Matcher m = TEXT.matcher(text.strip());
		if (!m.matches()) {
			return Optional.empty();
		}
		return Optional.of(new LogCursor(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
	}

	@Override
	public String toString() {
		return run + "." + seq;
	}

}
