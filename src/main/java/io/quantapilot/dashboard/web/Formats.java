package io.quantapilot.dashboard.web;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.stereotype.Component;

/**
 * Formatting for the templates ({@code ${@fmt.time(x)}}): times in UTC, durations, money and token
 * counts. Every method accepts null and then shows a dash, so templates need no null checks.
 */
@Component("fmt")
@ConditionalOnRole(Role.DASHBOARD)
public class Formats {

	private static final String NONE = "–";

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	public String time(Instant at) {
		return at == null ? NONE : TIME.format(at);
	}

	/** The time of day (UTC), for log lines. */
	public String clock(Instant at) {
		return at == null ? NONE : CLOCK.format(at);
	}

	/** ISO-8601, for {@code <time datetime>}. */
	public String iso(Instant at) {
		return at == null ? null : at.toString();
	}

	/** How long from start to end, or to now when it has not ended. */
	public String duration(Instant start, Instant end) {
		if (start == null) {
			return NONE;
		}
		return duration(Duration.between(start, end != null ? end : Instant.now()));
	}

	public String duration(Duration duration) {
		if (duration == null) {
			return NONE;
		}
		long seconds = Math.max(0, duration.getSeconds());
		if (seconds < 60) {
			return seconds + " s";
		}
		if (seconds < 3600) {
			return seconds / 60 + " min " + seconds % 60 + " s";
		}
		if (seconds < 86_400) {
			return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
		}
		return seconds / 86_400 + " d " + seconds % 86_400 / 3600 + " h";
	}

	public String millis(long millis) {
		return duration(Duration.ofMillis(millis));
	}

	public String seconds(Double seconds) {
		return seconds == null ? NONE : duration(Duration.ofSeconds(Math.round(seconds)));
	}

	/** Dollars: cents for nothing and for sums of a dollar or more, four decimals below (runs often cost fractions). */
	public String usd(BigDecimal amount) {
		if (amount == null) {
			return NONE;
		}
		int scale = amount.signum() == 0 || amount.abs().compareTo(BigDecimal.ONE) >= 0 ? 2 : 4;
		return "$" + String.format(Locale.ROOT, "%,." + scale + "f", amount.setScale(scale, RoundingMode.HALF_UP));
	}

	public String usd(Number amount) {
		return amount == null ? NONE : usd(new BigDecimal(amount.toString()));
	}

	public String tokens(Number count) {
		return count == null ? NONE : String.format(Locale.ROOT, "%,d", count.longValue());
	}

	public String percent(Number share) {
		return share == null ? NONE : String.format(Locale.ROOT, "%.0f %%", share.doubleValue() * 100);
	}

	/** A wire name as words: {@code awaiting_approval} → {@code awaiting approval}. */
	public String words(String wireName) {
		return wireName == null ? NONE : wireName.replace('_', ' ');
	}

	public String bytes(Number count) {
		if (count == null) {
			return NONE;
		}
		double value = count.doubleValue();
		String[] units = { "B", "KB", "MB", "GB", "TB" };
		int unit = 0;
		while (value >= 1024 && unit < units.length - 1) {
			value /= 1024;
			unit++;
		}
		return String.format(Locale.ROOT, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
	}

}
