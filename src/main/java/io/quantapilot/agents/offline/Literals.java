package io.quantapilot.agents.offline;

/**
 * Escapes README text for the places the templates put it: string literals of the three
 * languages and the build files' formats. README text is untrusted; a quote in a feature
 * name must not break the generated build.
 */
final class Literals {

	private Literals() {
	}

	/**
	 * A Java string literal body. Everything outside printable ASCII becomes a unicode
	 * escape so that the sources compile whatever encoding the compiler assumes; line
	 * breaks use {@code \n} because javac translates unicode escapes before it lexes.
	 */
	static String java(String text) {
		StringBuilder out = new StringBuilder(text.length() + 8);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\\' -> out.append("\\\\");
				case '"' -> out.append("\\\"");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20 || c > 0x7e) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.toString();
	}

	/**
	 * A double-quoted string body valid in JSON, JavaScript, TOML and Python alike: the
	 * sources are UTF-8, so only quotes, backslashes and control characters need
	 * escaping.
	 */
	static String json(String text) {
		StringBuilder out = new StringBuilder(text.length() + 8);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\\' -> out.append("\\\\");
				case '"' -> out.append("\\\"");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.toString();
	}

	/** XML character data or attribute value. */
	static String xml(String text) {
		StringBuilder out = new StringBuilder(text.length() + 8);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '&' -> out.append("&amp;");
				case '<' -> out.append("&lt;");
				case '>' -> out.append("&gt;");
				case '"' -> out.append("&quot;");
				default -> {
					// XML 1.0 forbids most control characters even when escaped
					if (c >= 0x20 || c == '\t') {
						out.append(c);
					}
				}
			}
		}
		return out.toString();
	}

	/**
	 * Text on one line of Markdown or YAML front matter: no line breaks, no YAML
	 * indicators.
	 */
	static String oneLine(String text) {
		return text.replaceAll("[\\r\\n\\t]+", " ").replaceAll("[:#\"'`{}\\[\\]|>&*!%@]", "").strip();
	}

}
