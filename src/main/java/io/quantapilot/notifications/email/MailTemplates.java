package io.quantapilot.notifications.email;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The e-mail templates under {@code notifications/email/}: {@code {{name}}} is replaced by a value (HTML
 * escaped in HTML templates), {@code {{{name}}}} by markup built here from escaped parts. A missing value
 * renders empty.
 */
final class MailTemplates {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\{?)([a-z_]+)\\}?\\}\\}");

	private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

	private MailTemplates() {
	}

	static String render(String name, Map<String, String> values) {
		boolean html = name.endsWith(".html");
		Matcher matcher = PLACEHOLDER.matcher(load(name));
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			boolean raw = !matcher.group(1).isEmpty();
			String value = values.getOrDefault(matcher.group(2), "");
			matcher.appendReplacement(out, Matcher.quoteReplacement(html && !raw ? escape(value) : value));
		}
		matcher.appendTail(out);
		return out.toString();
	}

	static String escape(String text) {
		if (text == null) {
			return "";
		}
		StringBuilder out = new StringBuilder(text.length() + 16);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '&' -> out.append("&amp;");
				case '<' -> out.append("&lt;");
				case '>' -> out.append("&gt;");
				case '"' -> out.append("&quot;");
				case '\'' -> out.append("&#39;");
				default -> out.append(c);
			}
		}
		return out.toString();
	}

	private static String load(String name) {
		return CACHE.computeIfAbsent(name, n -> {
			try (InputStream in = MailTemplates.class.getResourceAsStream("/notifications/email/" + n)) {
				if (in == null) {
					throw new IllegalStateException("e-mail template " + n + " is missing");
				}
				return new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

}
