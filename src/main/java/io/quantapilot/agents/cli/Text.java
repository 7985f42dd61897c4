package io.quantapilot.agents.cli;

import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/** Small text and JSON helpers for turning tool output into readable, bounded log lines. */
final class Text {

	private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]|\u001B\\][^\u0007]*\u0007");

	private Text() {
	}

	/** The text shortened to at most {@code max} characters, saying how much was left out. */
	static String abbreviate(String text, int max) {
		if (text == null) {
			return "";
		}
		if (text.length() <= max) {
			return text;
		}
		return text.substring(0, max) + "… [" + (text.length() - max) + " more characters]";
	}

	/** The text on one line (runs of white space become one space), shortened. */
	static String oneLine(String text, int max) {
		return abbreviate(text == null ? "" : text.replaceAll("\\s+", " ").strip(), max);
	}

	/** The last {@code max} characters of the text. */
	static String tail(String text, int max) {
		if (text == null || text.length() <= max) {
			return text == null ? "" : text;
		}
		return "…" + text.substring(text.length() - max);
	}

	static String stripAnsi(String text) {
		return text == null ? "" : ANSI.matcher(text).replaceAll("");
	}

	/** A string field, or null when it is absent or not a scalar. */
	static String string(JsonNode node, String field) {
		JsonNode value = node.path(field);
		if (value.isString()) {
			return value.stringValue();
		}
		if (value.isNumber() || value.isBoolean()) {
			return value.asString();
		}
		return null;
	}

	/** A numeric field (numbers written as strings included), or null when absent. */
	static Long number(JsonNode node, String field) {
		JsonNode value = node.path(field);
		if (value.isNumber()) {
			return value.asLong();
		}
		if (value.isString()) {
			try {
				return Long.parseLong(value.stringValue().strip());
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		return null;
	}

	/** The first present numeric field among alternative names (CLIs switch between snake and camel case). */
	static long firstNumber(JsonNode node, String... fields) {
		for (String field : fields) {
			Long value = number(node, field);
			if (value != null) {
				return value;
			}
		}
		return 0;
	}

	static boolean hasAny(JsonNode node, String... fields) {
		for (String field : fields) {
			if (number(node, field) != null) {
				return true;
			}
		}
		return false;
	}

	/** A duration as people write it: {@code 2h}, {@code 1h30m}, {@code 45s}, {@code 1.5s}. */
	static String duration(java.time.Duration duration) {
		if (duration.toMillis() % 1000 != 0 && duration.getSeconds() < 60) {
			return String.format(java.util.Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
		}
		StringBuilder text = new StringBuilder();
		long seconds = duration.getSeconds();
		if (seconds >= 3600) {
			text.append(seconds / 3600).append('h');
		}
		if (seconds % 3600 >= 60) {
			text.append(seconds % 3600 / 60).append('m');
		}
		if (seconds % 60 != 0 || text.length() == 0) {
			text.append(seconds % 60).append('s');
		}
		return text.toString();
	}

	/** Seconds with one decimal, for durations reported in milliseconds. */
	static String seconds(long millis) {
		return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
	}

}
