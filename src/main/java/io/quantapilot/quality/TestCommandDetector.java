package io.quantapilot.quality;

import io.quantapilot.quality.internal.ShellWords;
import io.quantapilot.quality.internal.ToolProbe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Works out how a project runs its tests from the files at its root. The first matching rule
 * wins, in this order: Maven ({@code pom.xml}), Gradle ({@code build.gradle} or
 * {@code build.gradle.kts}), Go ({@code go.mod}), Node.js ({@code package.json} with a real
 * {@code scripts.test}) and Python ({@code pyproject.toml}, {@code setup.py},
 * {@code requirements.txt} or {@code tests/test_*.py}). JVM builds come first because a
 * {@code package.json} next to a {@code pom.xml} usually belongs to a front end the build drives.
 * <p>
 * Commands are chosen so that they leave JUnit XML behind where the tool can: Surefire and Gradle
 * always do, pytest and the Node.js test runner are asked to write into
 * {@link TestCommand#REPORT_DIR}. Nothing is installed: dependencies are the project's business.
 * <p>
 * Coverage is switched on where that needs no change to the project: the Node.js test runner's
 * own coverage with its lcov reporter (Node.js 20.11 and later), coverage.py around pytest or
 * unittest when {@code python3 -m coverage} works, {@code go test -coverprofile}. JVM builds are
 * not rewritten (an agent on the command line could clash with the build's own {@code argLine}):
 * the JaCoCo report the build writes is read, as the offline templates set it up.
 */
public final class TestCommandDetector {

	/** How long a tool probe's answer is reused. */
	public static final Duration PROBE_CACHE_TIME = Duration.ofMinutes(5);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	// What "npm init" writes when there are no tests; running it would only fail.
	private static final String NPM_PLACEHOLDER_TEST = "no test specified";

	// "node --test" with plain arguments only: anything a shell would expand or chain needs npm's
	// shell, and a script that already picks reporters is left alone.
	private static final Pattern PLAIN_NODE_TEST = Pattern.compile("node\\s+--test(\\s+[^\\s'\"`$&|;<>()*?\\[\\]{}~\\\\]+)*");

	// The lcov reporter arrived in Node.js 20.11; older runners would fail on the unknown reporter.
	private static final List<String> NODE_LCOV_PROBE = List.of("node", "-e",
			"process.exit(require('node:test/reporters').lcov ? 0 : 1)");

	private static final CoverageSpec PROJECT_NODE_COVERAGE = CoverageSpec.reports("coverage is switched on only "
			+ "for a plain \"node --test\" script on Node.js 20.11 or later; other scripts are measured when they "
			+ "write coverage/lcov.info or coverage/cobertura-coverage.xml (c8, jest --coverage)",
			"coverage/lcov.info", "coverage/cobertura-coverage.xml");

	// coverage.py keeps its data outside the project and measures only the project's own files;
	// the report step turns the data into Cobertura XML.
	private static final List<String> COVERAGE_PY_RUN = List.of("python3", "-m", "coverage", "run", "--source=.",
			"--data-file=" + TestCommand.COVERAGE_DIR + "/.coverage", "-m");

	private static final CoverageSpec COVERAGE_PY = new CoverageSpec(List.of(),
			List.of("python3", "-m", "coverage", "xml", "--data-file=" + TestCommand.COVERAGE_DIR + "/.coverage", "-o",
					TestCommand.COVERAGE_DIR + "/coverage.xml"),
			"coverage.py recorded no data");

	private static final CoverageSpec NO_COVERAGE_PY = CoverageSpec.reports("coverage.py is not installed for python3 "
			+ "(python3 -m coverage failed); install it (pip: coverage, Debian: python3-coverage) to measure coverage",
			"coverage.xml");

	private final Predicate<List<String>> toolProbe;

	/**
	 * Creates a detector that checks tool availability (pytest, coverage.py, Node.js's lcov
	 * reporter) by running the tool, remembering each answer for {@link #PROBE_CACHE_TIME}: a
	 * probe of {@code python3 -m pytest} takes most of a second, and tools are rarely installed
	 * while the platform runs.
	 */
	public TestCommandDetector() {
		this(cached(ToolProbe::succeeds));
	}

	private static Predicate<List<String>> cached(Predicate<List<String>> probe) {
		Map<List<String>, Answer> answers = new ConcurrentHashMap<>();
		return argv -> {
			long now = System.nanoTime();
			Answer answer = answers.get(argv);
			if (answer == null || now - answer.at() > PROBE_CACHE_TIME.toNanos()) {
				answer = new Answer(probe.test(argv), now);
				answers.put(List.copyOf(argv), answer);
			}
			return answer.succeeded();
		};
	}

	private record Answer(boolean succeeded, long at) {
	}

	/**
	 * Creates a detector with another way to check tools, for tests.
	 *
	 * @param toolProbe answers whether a command such as {@code python3 -m pytest --version} succeeds
	 */
	TestCommandDetector(Predicate<List<String>> toolProbe) {
		this.toolProbe = Objects.requireNonNull(toolProbe, "toolProbe");
	}

	/**
	 * Detects the test command of a project.
	 *
	 * @param projectDir the project's root directory
	 * @return the command, or empty when no rule matches
	 */
	public Optional<TestCommand> detect(Path projectDir) {
		if (!Files.isDirectory(projectDir)) {
			throw new IllegalArgumentException("Not a directory: " + projectDir);
		}
		return maven(projectDir).or(() -> gradle(projectDir))
			.or(() -> go(projectDir))
			.or(() -> node(projectDir))
			.or(() -> python(projectDir));
	}

	/**
	 * Detects the test command of a project, unless an explicit command is given. An explicit
	 * command is split like a shell would split it but never run through a shell; it keeps the
	 * ecosystem and report locations detection finds, so Surefire reports are still read when the
	 * override is, say, {@code mvn -B -Pci verify}.
	 *
	 * @param projectDir the project's root directory
	 * @param overrideCommand the command line to use instead, or {@code null} or blank for none;
	 *     it may use {@link TestCommand#REPORT_DIR}
	 * @return the command, or empty when there is no override and no rule matches
	 * @throws IllegalArgumentException when the override has unbalanced quotes or shell operators
	 */
	public Optional<TestCommand> detect(Path projectDir, String overrideCommand) {
		Optional<TestCommand> detected = detect(projectDir);
		if (overrideCommand == null || overrideCommand.isBlank()) {
			return detected;
		}
		List<String> argv = ShellWords.split(overrideCommand);
		return Optional.of(detected.map(command -> command.withArgv(argv))
			.orElseGet(() -> new TestCommand(argv, "custom", List.of(),
					CoverageSpec.none("the configured test command writes no coverage report that QuantaPilot knows of"))));
	}

	private Optional<TestCommand> maven(Path dir) {
		if (!Files.isRegularFile(dir.resolve("pom.xml"))) {
			return Optional.empty();
		}
		String maven = isExecutableFile(dir.resolve("mvnw")) ? "./mvnw" : "mvn";
		return Optional.of(new TestCommand(List.of(maven, "-B", "test"), "maven",
				List.of("target/surefire-reports/TEST-*.xml", "**/target/surefire-reports/TEST-*.xml"),
				CoverageSpec.reports("the build wrote no JaCoCo report (target/site/jacoco/jacoco.xml): add "
						+ "jacoco-maven-plugin with its prepare-agent and report goals", "target/site/jacoco/jacoco.xml",
						"**/target/site/jacoco/jacoco.xml")));
	}

	private Optional<TestCommand> gradle(Path dir) {
		if (!Files.isRegularFile(dir.resolve("build.gradle")) && !Files.isRegularFile(dir.resolve("build.gradle.kts"))) {
			return Optional.empty();
		}
		String gradle = isExecutableFile(dir.resolve("gradlew")) ? "./gradlew" : "gradle";
		return Optional.of(new TestCommand(List.of(gradle, "test", "--no-daemon"), "gradle",
				List.of("build/test-results/test/*.xml", "**/build/test-results/test/*.xml"),
				CoverageSpec.reports("the build wrote no JaCoCo XML report (build/reports/jacoco/test/"
						+ "jacocoTestReport.xml): apply the jacoco plugin, enable its xml report and finalize test "
						+ "with jacocoTestReport", "build/reports/jacoco/test/jacocoTestReport.xml",
						"**/build/reports/jacoco/test/jacocoTestReport.xml")));
	}

	private Optional<TestCommand> go(Path dir) {
		if (!Files.isRegularFile(dir.resolve("go.mod"))) {
			return Optional.empty();
		}
		// -v prints one "--- PASS/FAIL/SKIP" line per test: go test writes no report, so the
		// console is the only source of counts.
		return Optional.of(new TestCommand(
				List.of("go", "test", "-v", "-coverprofile=" + TestCommand.COVERAGE_DIR + "/cover.out", "./..."), "go",
				List.of(), CoverageSpec.none("go test wrote no cover profile")));
	}

	private Optional<TestCommand> node(Path dir) {
		Path packageJson = dir.resolve("package.json");
		if (!Files.isRegularFile(packageJson)) {
			return Optional.empty();
		}
		String script;
		try {
			JsonNode test = JSON.readTree(packageJson.toFile()).path("scripts").path("test");
			script = test.isString() ? test.asString().strip() : "";
		}
		catch (JacksonException ex) {
			// A broken package.json cannot run npm test either; let other rules have a go.
			return Optional.empty();
		}
		if (script.isEmpty() || script.contains(NPM_PLACEHOLDER_TEST)) {
			return Optional.empty();
		}
		if (PLAIN_NODE_TEST.matcher(script).matches() && !script.contains("--test-reporter")) {
			List<String> words = ShellWords.split(script);
			List<String> argv = new ArrayList<>(List.of("node", "--test", "--test-reporter=spec",
					"--test-reporter-destination=stdout", "--test-reporter=junit",
					"--test-reporter-destination=" + TestCommand.REPORT_DIR + "/node-junit.xml"));
			CoverageSpec coverage = PROJECT_NODE_COVERAGE;
			if (this.toolProbe.test(NODE_LCOV_PROBE)) {
				argv.addAll(List.of("--experimental-test-coverage", "--test-reporter=lcov",
						"--test-reporter-destination=" + TestCommand.COVERAGE_DIR + "/lcov.info"));
				coverage = CoverageSpec.none("the Node.js test runner wrote no coverage");
			}
			argv.addAll(words.subList(2, words.size()));
			return Optional.of(new TestCommand(argv, "node", List.of(), coverage));
		}
		return Optional.of(new TestCommand(List.of("npm", "test"), "node", List.of(), PROJECT_NODE_COVERAGE));
	}

	private Optional<TestCommand> python(Path dir) {
		Path tests = dir.resolve("tests");
		boolean testsDir = Files.isDirectory(tests) && containsPythonTests(tests);
		boolean marked = Stream.of("pyproject.toml", "setup.py", "requirements.txt")
			.anyMatch(marker -> Files.isRegularFile(dir.resolve(marker)));
		if (!marked && !testsDir) {
			return Optional.empty();
		}
		boolean coverage = this.toolProbe.test(List.of("python3", "-m", "coverage", "--version"));
		List<String> python = coverage ? COVERAGE_PY_RUN : List.of("python3", "-m");
		CoverageSpec spec = coverage ? COVERAGE_PY : NO_COVERAGE_PY;
		if (this.toolProbe.test(List.of("python3", "-m", "pytest", "--version"))) {
			List<String> argv = new ArrayList<>(python);
			argv.addAll(List.of("pytest", "--junitxml=" + TestCommand.REPORT_DIR + "/pytest-junit.xml"));
			return Optional.of(new TestCommand(argv, "python", List.of(), spec));
		}
		List<String> argv = new ArrayList<>(python);
		argv.addAll(List.of("unittest", "discover"));
		if (Files.isDirectory(tests)) {
			argv.addAll(List.of("-s", "tests"));
			// "-t ." needs tests/ to be a package; without __init__.py unittest refuses to start.
			if (Files.isRegularFile(tests.resolve("__init__.py"))) {
				argv.addAll(List.of("-t", "."));
			}
		}
		argv.add("-v");
		return Optional.of(new TestCommand(argv, "python", List.of(), spec));
	}

	private static boolean containsPythonTests(Path tests) {
		try (Stream<Path> files = Files.walk(tests, 4)) {
			return files.anyMatch(file -> {
				String name = file.getFileName().toString();
				return name.startsWith("test_") && name.endsWith(".py");
			});
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static boolean isExecutableFile(Path file) {
		return Files.isRegularFile(file) && Files.isExecutable(file);
	}

}
