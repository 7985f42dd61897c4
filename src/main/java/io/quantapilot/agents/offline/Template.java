package io.quantapilot.agents.offline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Template text from {@code templates/offline/} on the classpath with {@code {{name}}}
 * variables. A variable without a value is a bug in the scaffolder, so it fails loudly
 * instead of leaking into a generated file.
 */
final class Template {

	private static final String ROOT = "/templates/offline/";

	private static final Pattern VARIABLE = Pattern.compile("\\{\\{([a-z_]+)\\}\\}");

	private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

	private Template() {
	}

	/**
	 * Renders the resource {@code templates/offline/<resource>} with the given values.
	 */
	static String render(String resource, Map<String, String> values) {
		return fill(CACHE.computeIfAbsent(resource, Template::load), values, resource);
	}

	static String fill(String template, Map<String, String> values, String source) {
		Matcher matcher = VARIABLE.matcher(template);
		StringBuilder out = new StringBuilder(template.length() + 256);
		while (matcher.find()) {
			String value = values.get(matcher.group(1));
			if (value == null) {
				throw new IllegalStateException("No value for {{" + matcher.group(1) + "}} in " + source);
			}
			matcher.appendReplacement(out, Matcher.quoteReplacement(value));
		}
		matcher.appendTail(out);
		return out.toString();
	}

	private static String load(String resource) {
		try (InputStream in = Template.class.getResourceAsStream(ROOT + resource)) {
			if (in == null) {
				throw new IllegalStateException("Missing template " + ROOT + resource);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read template " + ROOT + resource, ex);
		}
	}

}
