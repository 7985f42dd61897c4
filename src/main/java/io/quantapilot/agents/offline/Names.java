package io.quantapilot.agents.offline;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Derives the names of a generated project (slug, packages, entity) from free README
 * text. Every result is a valid identifier in its language, whatever the README contains.
 */
final class Names {

	static final String FALLBACK_SLUG = "project";

	static final String FALLBACK_ENTITY = "Item";

	private static final int MAX_SLUG_LENGTH = 50;

	/** Words that describe the kind of project rather than the thing it manages. */
	private static final Set<String> NOT_AN_ENTITY = Set.of("api", "apis", "service", "services", "app", "apps",
			"application", "cli", "tool", "tools", "the", "a", "an", "my", "our", "simple", "tiny", "small", "basic",
			"minimal", "rest", "restful", "http", "web", "server", "backend", "microservice", "java", "python", "node",
			"nodejs", "js", "javascript", "typescript", "spring", "flask", "django", "express", "maven", "project");

	/**
	 * Names the generated code defines or relies on in one of the three languages; an
	 * entity with such a name would shadow it (java.lang, JavaScript globals, Python
	 * built-ins).
	 */
	private static final Set<String> RESERVED_TYPE_NAMES = Set.of("Object", "String", "Class", "System", "Record",
			"Integer", "Long", "Short", "Byte", "Boolean", "Character", "Double", "Float", "Number", "Math", "Thread",
			"Runtime", "Exception", "Error", "Override", "Void", "Enum", "Iterable", "Process", "Module", "Package",
			"Map", "Set", "Array", "Date", "Promise", "Symbol", "Proxy", "Reflect", "Function", "Intl", "List", "Dict",
			"Tuple", "Type", "Property", "Range", "Bytes", "Int", "Str", "Bool");

	private static final Set<String> JAVA_KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
			"catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends",
			"final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface",
			"long", "native", "new", "package", "private", "protected", "public", "return", "short", "static",
			"strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void",
			"volatile", "while", "true", "false", "null", "_");

	/**
	 * Python keywords and the standard-library modules most likely to be named by a
	 * project; a package of that name would shadow the module for the generated code and
	 * its tests.
	 */
	private static final Set<String> PYTHON_TAKEN = Set.of("false", "none", "true", "and", "as", "assert", "async",
			"await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from",
			"global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
			"while", "with", "yield", "abc", "argparse", "array", "ast", "asyncio", "base64", "bisect", "calendar",
			"cmd", "code", "collections", "copy", "csv", "dataclasses", "datetime", "decimal", "email", "enum",
			"functools", "glob", "hashlib", "html", "http", "inspect", "io", "json", "logging", "math", "operator",
			"os", "pathlib", "pickle", "platform", "pprint", "queue", "random", "re", "secrets", "select", "shutil",
			"signal", "site", "socket", "ssl", "stat", "string", "struct", "subprocess", "sys", "tempfile", "test",
			"tests", "textwrap", "threading", "time", "token", "trace", "types", "typing", "unittest", "urllib", "uuid",
			"warnings", "weakref", "xml", "zipfile");

	private static final Map<String, String> ACRONYMS = Map.ofEntries(Map.entry("api", "API"), Map.entry("cli", "CLI"),
			Map.entry("http", "HTTP"), Map.entry("ui", "UI"), Map.entry("id", "ID"), Map.entry("json", "JSON"),
			Map.entry("sql", "SQL"), Map.entry("db", "DB"), Map.entry("rest", "REST"), Map.entry("url", "URL"),
			Map.entry("io", "IO"));

	private Names() {
	}

	/** Lower-case ASCII slug: {@code "Bookmarks API!"} becomes {@code bookmarks-api}. */
	static String slug(String text) {
		String ascii = splitCamelCase(toAscii(text)).toLowerCase(Locale.ROOT);
		String slug = ascii.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
		if (slug.length() > MAX_SLUG_LENGTH) {
			slug = slug.substring(0, MAX_SLUG_LENGTH).replaceAll("-+$", "");
		}
		return slug.isEmpty() ? FALLBACK_SLUG : slug;
	}

	/**
	 * The human title: a name written like a lower-case identifier
	 * ({@code bookmarks-api}) is spelled out as words ({@code Bookmarks API}); a name
	 * already written for people is kept.
	 */
	static String title(String name) {
		if (name.isBlank()) {
			return "Project";
		}
		if (!name.matches("[a-z0-9_-]+")) {
			return name;
		}
		List<String> words = new ArrayList<>();
		for (String word : name.split("[-_]+")) {
			if (!word.isEmpty()) {
				String acronym = ACRONYMS.get(word.toLowerCase(Locale.ROOT));
				words.add((acronym != null) ? acronym : capitalise(word));
			}
		}
		return words.isEmpty() ? name : String.join(" ", words);
	}

	/** A Java package under {@code io.example}, e.g. {@code io.example.bookmarksapi}. */
	static String javaPackage(String slug) {
		String segment = slug.replace("-", "");
		if (segment.isEmpty()) {
			segment = FALLBACK_SLUG;
		}
		if (Character.isDigit(segment.charAt(0))) {
			segment = "p" + segment;
		}
		if (JAVA_KEYWORDS.contains(segment)) {
			segment = segment + "_";
		}
		return "io.example." + segment;
	}

	/** A Python package name, e.g. {@code bookmarks_api}. */
	static String pythonPackage(String slug) {
		String name = slug.replace('-', '_');
		if (name.isEmpty()) {
			name = FALLBACK_SLUG;
		}
		if (Character.isDigit(name.charAt(0))) {
			name = "p_" + name;
		}
		if (PYTHON_TAKEN.contains(name)) {
			name = name + "_app";
		}
		return name;
	}

	/**
	 * The main entity noun: the first word of the name that does not describe the kind of
	 * project, singular and capitalised ({@code "Bookmarks API"} gives {@code Bookmark}).
	 */
	static String entity(String name) {
		String ascii = splitCamelCase(toAscii(name));
		for (String word : ascii.split("[^A-Za-z0-9]+")) {
			String lower = word.toLowerCase(Locale.ROOT);
			if (lower.length() < 2 || !Character.isLetter(lower.charAt(0)) || NOT_AN_ENTITY.contains(lower)) {
				continue;
			}
			String entity = capitalise(singular(lower));
			return RESERVED_TYPE_NAMES.contains(entity) ? entity + "Item" : entity;
		}
		return FALLBACK_ENTITY;
	}

	/**
	 * English plural of a lower-case noun, good enough for a URL path
	 * ({@code bookmarks}).
	 */
	static String plural(String noun) {
		if (noun.matches(".*(s|x|z|ch|sh)")) {
			return noun + "es";
		}
		if (noun.matches(".*[^aeiou]y")) {
			return noun.substring(0, noun.length() - 1) + "ies";
		}
		return noun + "s";
	}

	static String singular(String noun) {
		if (noun.endsWith("ies") && noun.length() > 4) {
			return noun.substring(0, noun.length() - 3) + "y";
		}
		if (noun.matches(".*(ss|x|z|ch|sh)es") && noun.length() > 4) {
			return noun.substring(0, noun.length() - 2);
		}
		if (noun.endsWith("s") && !noun.matches(".*(ss|us|is)") && noun.length() > 3) {
			return noun.substring(0, noun.length() - 1);
		}
		return noun;
	}

	/** {@code bookmark} becomes {@code Bookmark}. */
	static String capitalise(String word) {
		if (word.isEmpty()) {
			return word;
		}
		return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1).toLowerCase(Locale.ROOT);
	}

	/**
	 * Latin letters lose their accents; other scripts are dropped by the callers'
	 * filters.
	 */
	static String toAscii(String text) {
		return Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "").replace("ß", "ss");
	}

	/**
	 * Identifier-like names such as {@code BookmarksApi} read as words; names with spaces
	 * are kept.
	 */
	private static String splitCamelCase(String text) {
		if (text.chars().anyMatch(Character::isWhitespace)) {
			return text;
		}
		return text.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replaceAll("([A-Z]+)([A-Z][a-z])", "$1-$2");
	}

}
