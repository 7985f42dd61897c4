package io.quantapilot.ops.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations on the command line: {@code 90s}, {@code 30m}, {@code 2h}, {@code 1d}, or ISO-8601 ({@code PT30M}). */
final class Durations {

	private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

	private Durations() {
	}

	static Duration parse(String option, String value) {
		String text = value == null ? "" : value.strip().toLowerCase(java.util.Locale.ROOT);
		Matcher matcher = SHORT.matcher(text);
		if (matcher.matches()) {
			long amount = Long.parseLong(matcher.group(1));
			return switch (matcher.group(2)) {
				case "ms" -> Duration.ofMillis(amount);
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				case "h" -> Duration.ofHours(amount);
				default -> Duration.ofDays(amount);
			};
		}
		try {
			Duration duration = Duration.parse(value.strip().toUpperCase(java.util.Locale.ROOT));
			if (!duration.isNegative()) {
				return duration;
			}
		}
		catch (DateTimeParseException | NullPointerException ex) {
			// reported below
		}
		throw new CliException(option + " must be a duration such as 90s, 30m, 2h, 1d or PT30M (got '" + value + "')");
	}

}
