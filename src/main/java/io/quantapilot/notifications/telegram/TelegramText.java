package io.quantapilot.notifications.telegram;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Text for Telegram's HTML parse mode: escaping of everything that is not our own markup, and splitting
 * of long messages into parts under the 4096-character limit at line breaks, never inside a tag or an
 * entity. Our markup keeps every tag within one line, so a part never leaves a tag open.
 */
public final class TelegramText {

	/** Telegram's limit on a message's text. */
	public static final int LIMIT = 4096;

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private TelegramText() {
	}

	/** Escapes text for HTML parse mode (the four characters Telegram requires). */
	public static String escape(Object value) {
		if (value == null) {
			return "";
		}
		String text = value.toString();
		StringBuilder out = new StringBuilder(text.length() + 16);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '&' -> out.append("&amp;");
				case '<' -> out.append("&lt;");
				case '>' -> out.append("&gt;");
				case '"' -> out.append("&quot;");
				default -> out.append(c);
			}
		}
		return out.toString();
	}

	/** Shortens plain text to {@code max} characters (before escaping). */
	public static String shorten(Object value, int max) {
		String text = value != null ? value.toString().strip() : "";
		return text.length() <= max ? text : text.substring(0, Math.max(0, max - 1)).strip() + "…";
	}

	public static String time(Instant instant) {
		return instant != null ? TIME.format(instant) : "";
	}

	public static String time(String iso) {
		try {
			return iso != null ? time(Instant.parse(iso)) : "";
		}
		catch (java.time.format.DateTimeParseException ex) {
			return iso;
		}
	}

	/** Splits HTML text into parts of at most {@code limit} characters, preferring line breaks. */
	public static List<String> split(String html, int limit) {
		List<String> parts = new ArrayList<>();
		StringBuilder part = new StringBuilder();
		for (String line : html.split("\n", -1)) {
			String rest = line;
			while (rest.length() > limit) {
				flush(parts, part);
				int cut = safeCut(rest, limit);
				parts.add(rest.substring(0, cut));
				rest = rest.substring(cut);
			}
			int needed = part.length() == 0 ? rest.length() : part.length() + 1 + rest.length();
			if (needed > limit) {
				flush(parts, part);
			}
			if (part.length() > 0 || !parts.isEmpty() || !rest.isEmpty()) {
				if (part.length() > 0) {
					part.append('\n');
				}
				part.append(rest);
			}
		}
		flush(parts, part);
		if (parts.isEmpty()) {
			parts.add("");
		}
		return parts;
	}

	private static void flush(List<String> parts, StringBuilder part) {
		String text = part.toString().strip();
		if (!text.isEmpty()) {
			parts.add(text);
		}
		part.setLength(0);
	}

	/** The longest prefix of at most {@code limit} characters that ends outside a tag and an entity. */
	private static int safeCut(String line, int limit) {
		int cut = limit;
		int tag = line.lastIndexOf('<', cut - 1);
		if (tag >= 0 && line.indexOf('>', tag) >= cut) {
			cut = tag;
		}
		int amp = line.lastIndexOf('&', cut - 1);
		if (amp >= 0 && amp > cut - 10) {
			int semicolon = line.indexOf(';', amp);
			if (semicolon >= cut) {
				cut = amp;
			}
		}
		int space = line.lastIndexOf(' ', cut - 1);
		if (space > cut - 200 && space > 0) {
			cut = space + 1;
		}
		return Math.max(1, cut);
	}

}
