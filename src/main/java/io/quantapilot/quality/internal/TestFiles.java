package io.quantapilot.quality.internal;

import java.util.Locale;
import java.util.Set;

/**
 * Tells test sources from production sources by their path, the way the common test runners find
 * them: Maven and Gradle's {@code src/test}, Python's {@code tests/} and {@code test_*.py},
 * JavaScript's {@code test/}, {@code __tests__/} and {@code *.test.js}, Go's {@code *_test.go}.
 */
public final class TestFiles {

	private static final Set<String> TEST_DIRECTORIES = Set.of("test", "tests", "__tests__", "spec", "testing");

	private static final Set<String> SOURCE_EXTENSIONS = Set.of("java", "kt", "groovy", "scala", "py", "js", "mjs",
			"cjs", "ts", "mts", "cts", "jsx", "tsx", "go");

	private TestFiles() {
	}

	/**
	 * Tells whether a path names a test source file.
	 *
	 * @param path a path relative to the project, with {@code /} or the platform's separator
	 * @return whether it is a test source
	 */
	public static boolean isTestSource(String path) {
		String normalized = path.replace('\\', '/');
		String name = normalized.substring(normalized.lastIndexOf('/') + 1);
		String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
		if (!SOURCE_EXTENSIONS.contains(extension)) {
			return false;
		}
		if (isTestName(name, extension)) {
			return true;
		}
		for (String segment : normalized.split("/")) {
			if (TEST_DIRECTORIES.contains(segment)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Tells whether a path lies in a dependency or build output directory, whose files are not the
	 * project's sources.
	 *
	 * @param path a path relative to the project
	 * @return whether it is outside the project's own sources
	 */
	public static boolean isForeign(String path) {
		String normalized = "/" + path.replace('\\', '/');
		return normalized.contains("/node_modules/") || normalized.contains("/site-packages/")
				|| normalized.contains("/.venv/") || normalized.contains("/venv/");
	}

	private static boolean isTestName(String name, String extension) {
		String base = name.substring(0, name.length() - extension.length() - 1);
		return switch (extension) {
			case "py" -> base.startsWith("test_") || base.endsWith("_test") || base.equals("conftest");
			case "go" -> base.endsWith("_test");
			case "java", "kt", "groovy", "scala" -> base.endsWith("Test") || base.endsWith("Tests")
					|| base.endsWith("IT") || base.endsWith("Spec");
			default -> base.endsWith(".test") || base.endsWith(".spec") || base.endsWith("_test")
					|| base.endsWith("-test");
		};
	}

}
