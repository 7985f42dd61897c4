package io.quantapilot.quality.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes a {@link TestInventory} of a project directory. Counting is lexical and per language
 * (JUnit annotations, {@code def test_}, {@code test(}/{@code it(}, {@code func TestX}); it does not
 * need to be exact, only to count the same way before and after a change. Whole-line comments are
 * left out, so that commenting a test out counts as removing it.
 */
public final class TestInventories {

	private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "node_modules", ".venv", "venv", ".tox",
			"__pycache__", ".gradle", ".idea", ".mvn", ".pytest_cache", "target", "build", "dist", "coverage",
			"htmlcov", ".quantapilot");

	private static final int MAX_DEPTH = 20;

	private static final int MAX_FILES = 20_000;

	private static final long MAX_FILE_BYTES = 1024 * 1024;

	private static final int MAX_GUARD_CHARS = 4_000;

	private static final int MAX_SKIPS_KEPT = 20;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern COMMENT_LINE = Pattern.compile("(?m)^\\s*(//|#|/\\*|\\*).*$");

	private static final Rules JVM = new Rules(
			Pattern.compile("(?m)^\\s*@(Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate)\\b"),
			Pattern.compile("\\b(assert\\w*|verify|fail)\\s*\\(|\\bassert\\s"),
			Pattern.compile("@Disabled\\w*|@Ignore\\b|\\bassume(True|False|That)\\s*\\(|Assumptions\\.abort"));

	private static final Rules PYTHON = new Rules(Pattern.compile("(?m)^\\s*(async\\s+)?def\\s+test\\w*\\s*\\("),
			Pattern.compile("\\bself\\.(assert\\w+|fail\\w*)\\s*\\(|^\\s*assert\\b|\\bpytest\\.raises\\s*\\(",
					Pattern.MULTILINE),
			Pattern.compile("@(unittest\\.)?skip(If|Unless)?\\b[^\\n]*|\\bpytest\\.mark\\.(skip|skipif|xfail)\\b[^\\n]*"
					+ "|\\bpytest\\.(skip|xfail)\\s*\\(|\\bself\\.skipTest\\s*\\(|@(unittest\\.)?expectedFailure\\b"
					+ "|\\braise\\s+(unittest\\.)?SkipTest\\b"));

	private static final Rules JAVASCRIPT = new Rules(
			Pattern.compile("(?<![.\\w])(test|it)(\\.(skip|todo|only|each\\([^)]*\\)))?\\s*\\(|\\bt\\.test\\s*\\("),
			Pattern.compile("\\bassert(\\.\\w+)?\\s*\\(|\\bexpect\\s*\\(|\\bt\\.(ok|equal|deepEqual|throws|assert)\\w*\\s*\\("),
			Pattern.compile("\\b(it|test|describe)\\.(skip|todo|only)\\b|(?<![.\\w])x(it|test|describe)\\s*\\("
					+ "|\\{\\s*(skip|todo)\\s*:|\\bt\\.(skip|todo)\\s*\\("));

	private static final Rules GO = new Rules(Pattern.compile("(?m)^func\\s+Test\\w*\\s*\\(\\s*\\w+\\s+\\*testing\\.T"),
			Pattern.compile("\\bt\\.(Error|Errorf|Fatal|Fatalf|Fail|FailNow)\\s*\\(|\\b(assert|require)\\.\\w+\\s*\\("),
			Pattern.compile("\\bt\\.(Skip|Skipf|SkipNow)\\s*\\("));

	// Build files whose test and coverage settings a fix attempt must leave alone; for the others
	// the whole file is the setting.
	private static final Set<String> WHOLE_FILE_GUARDS = Set.of("pytest.ini", ".coveragerc", "conftest.py",
			".mocharc.json", ".mocharc.js", ".mocharc.yml", ".c8rc", ".c8rc.json", ".nycrc", ".nycrc.json",
			"jest.config.js", "jest.config.cjs", "jest.config.mjs", "jest.config.ts", "vitest.config.js",
			"vitest.config.ts", "vitest.config.mjs", "karma.conf.js");

	private static final Pattern POM_GUARDED_PLUGIN = Pattern.compile(
			"<plugin>(?:(?!</plugin>).)*?<artifactId>\\s*(maven-surefire-plugin|maven-failsafe-plugin|jacoco-maven-plugin)"
					+ "\\s*</artifactId>.*?</plugin>",
			Pattern.DOTALL);

	private static final Pattern POM_GUARDED_PROPERTY = Pattern.compile(
			"<((?:skipTests|skipITs|maven\\.test\\.[\\w.]+|testFailureIgnore|surefire\\.[\\w.]+|jacoco\\.[\\w.]+))>"
					+ "[^<]*</\\1>");

	private static final Pattern GRADLE_GUARDED_LINE = Pattern
		.compile("(?m)^.*\\b(test|Test|jacoco|ignoreFailures|exclude|minimum|enabled|onlyIf)\\b.*$");

	private static final Pattern INI_SECTION = Pattern.compile("(?m)^\\s*\\[([^\\]]+)\\]\\s*$");

	private TestInventories() {
	}

	/**
	 * Takes the inventory of a project directory. Dependency, build output and tool directories
	 * are skipped.
	 *
	 * @param projectDir the project
	 * @return its inventory
	 * @throws UncheckedIOException when the directory cannot be walked
	 */
	public static TestInventory scan(Path projectDir) {
		Map<String, TestInventory.TestFile> tests = new TreeMap<>();
		Map<String, String> guards = new TreeMap<>();
		int[] visited = { 0 };
		try {
			Files.walkFileTree(projectDir, Set.of(), MAX_DEPTH, new SimpleFileVisitor<>() {

				@Override
				public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
					Path name = dir.getFileName();
					if (!dir.equals(projectDir) && name != null && SKIPPED_DIRECTORIES.contains(name.toString())) {
						return FileVisitResult.SKIP_SUBTREE;
					}
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
					if (!attrs.isRegularFile() || attrs.size() > MAX_FILE_BYTES) {
						return FileVisitResult.CONTINUE;
					}
					String relative = projectDir.relativize(file).toString().replace('\\', '/');
					String name = file.getFileName().toString();
					boolean test = TestFiles.isTestSource(relative);
					boolean guard = isGuardFile(name);
					if (test || guard) {
						String content = read(file);
						if (test) {
							tests.put(relative, testFile(name, content));
						}
						if (guard) {
							String settings = guardedSettings(name, content);
							if (!settings.isEmpty()) {
								guards.put(relative, settings);
							}
						}
					}
					return (++visited[0] >= MAX_FILES) ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFileFailed(Path file, IOException ex) {
					return FileVisitResult.CONTINUE;
				}

			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new TestInventory(tests, guards);
	}

	/**
	 * Counts one test source.
	 *
	 * @param name its file name, which picks the language
	 * @param content its text
	 * @return its counts
	 */
	public static TestInventory.TestFile testFile(String name, String content) {
		String code = COMMENT_LINE.matcher(content).replaceAll("");
		Rules rules = rules(name);
		List<String> skips = new ArrayList<>();
		Matcher skip = rules.skips().matcher(code);
		while (skip.find()) {
			if (skips.size() < MAX_SKIPS_KEPT) {
				skips.add(skip.group().strip());
			}
		}
		return new TestInventory.TestFile(sha256(content), count(rules.cases(), code), count(rules.assertions(), code),
				skips);
	}

	/**
	 * The test and coverage settings of a build file, normalised so that formatting changes do not
	 * count; empty when the file has none.
	 *
	 * @param name the file name
	 * @param content its text
	 * @return the settings
	 */
	public static String guardedSettings(String name, String content) {
		String settings;
		if (WHOLE_FILE_GUARDS.contains(name)) {
			settings = content;
		}
		else if (name.equals("pom.xml")) {
			StringBuilder found = new StringBuilder();
			Matcher plugin = POM_GUARDED_PLUGIN.matcher(content);
			while (plugin.find()) {
				found.append(plugin.group()).append('\n');
			}
			Matcher property = POM_GUARDED_PROPERTY.matcher(content);
			while (property.find()) {
				found.append(property.group()).append('\n');
			}
			settings = found.toString();
		}
		else if (name.equals("build.gradle") || name.equals("build.gradle.kts")) {
			StringBuilder found = new StringBuilder();
			Matcher line = GRADLE_GUARDED_LINE.matcher(content);
			while (line.find()) {
				found.append(line.group()).append('\n');
			}
			settings = found.toString();
		}
		else if (name.equals("package.json")) {
			settings = packageJsonSettings(content);
		}
		else {
			// setup.cfg, tox.ini, pyproject.toml: only their pytest and coverage sections.
			settings = iniSections(content);
		}
		String normalized = settings.replaceAll("\\s+", " ").strip();
		return normalized.length() > MAX_GUARD_CHARS ? normalized.substring(0, MAX_GUARD_CHARS) : normalized;
	}

	private static boolean isGuardFile(String name) {
		return WHOLE_FILE_GUARDS.contains(name) || Set.of("pom.xml", "build.gradle", "build.gradle.kts", "package.json",
				"setup.cfg", "tox.ini", "pyproject.toml").contains(name);
	}

	private static String packageJsonSettings(String content) {
		try {
			JsonNode root = JSON.readTree(content);
			StringBuilder found = new StringBuilder();
			JsonNode scripts = root.path("scripts");
			for (String script : List.of("pretest", "test", "posttest")) {
				if (scripts.has(script)) {
					found.append("scripts.").append(script).append('=').append(scripts.get(script)).append('\n');
				}
			}
			for (String tool : List.of("jest", "c8", "nyc", "mocha", "ava")) {
				if (root.has(tool)) {
					found.append(tool).append('=').append(root.get(tool)).append('\n');
				}
			}
			return found.toString();
		}
		catch (JacksonException ex) {
			// A broken package.json cannot run tests at all; its text is the setting then.
			return content;
		}
	}

	private static String iniSections(String content) {
		StringBuilder found = new StringBuilder();
		Matcher header = INI_SECTION.matcher(content);
		List<int[]> sections = new ArrayList<>();
		List<String> names = new ArrayList<>();
		while (header.find()) {
			sections.add(new int[] { header.start(), header.end() });
			names.add(header.group(1).toLowerCase(Locale.ROOT));
		}
		for (int i = 0; i < sections.size(); i++) {
			String section = names.get(i);
			if (section.contains("pytest") || section.contains("coverage")) {
				int end = i + 1 < sections.size() ? sections.get(i + 1)[0] : content.length();
				found.append(content, sections.get(i)[0], end);
			}
		}
		return found.toString();
	}

	private static Rules rules(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		if (lower.endsWith(".py")) {
			return PYTHON;
		}
		if (lower.endsWith(".go")) {
			return GO;
		}
		if (lower.endsWith(".java") || lower.endsWith(".kt") || lower.endsWith(".groovy") || lower.endsWith(".scala")) {
			return JVM;
		}
		return JAVASCRIPT;
	}

	private static int count(Pattern pattern, String code) {
		int count = 0;
		Matcher matcher = pattern.matcher(code);
		while (matcher.find()) {
			count++;
		}
		return count;
	}

	private static String read(Path file) {
		try {
			return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static String sha256(String content) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(content.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

	private record Rules(Pattern cases, Pattern assertions, Pattern skips) {
	}

}
