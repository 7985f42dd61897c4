package io.quantapilot.agents.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quantapilot.agents.Plan;

/**
 * Scaffolds the three example READMEs stage by stage and runs each generated project's
 * own test command with the real toolchains (Maven, python3, npm), as the pipeline's
 * verify step would.
 */
class GeneratedProjectsIntegrationTests {

	private static final Path EXAMPLES = Path.of("examples");

	private static final Pattern TESTSUITE = Pattern.compile("<testsuite\\b[^>]*>");

	private final TemplateScaffolder scaffolder = new TemplateScaffolder();

	@TempDir
	Path workspace;

	@Test
	void javaTodoApiBuildsAndPassesItsTestsAfterTheFirstAndLastStage() throws Exception {
		assertTrue(onPath("mvn"), "mvn is not installed");
		Scaffold scaffold = start("todo-api-java", Blueprint.Stack.JAVA);
		assertThat(scaffold.plan.stages()).extracting(Plan.PlannedStage::name)
			.containsExactly("project-skeleton", "core-domain", "feature-catalog", "http-api", "documentation-and-ci");
		int last = scaffold.plan.stages().size();
		// Maven takes several seconds to start and resolve plugins, so the Java project
		// is built
		// after the first stage (the build file works) and after the last (everything
		// together);
		// the Python and Node examples are tested after every stage.
		int afterFirstStage = 0;
		for (int stage = 1; stage <= last; stage++) {
			scaffold.write(stage);
			if (stage == 1 || stage == last) {
				Result result = run(List.of("mvn", "-B", "-q", "test"), Duration.ofMinutes(10));
				assertThat(result.exitCode()).as(result.output()).isZero();
				int tests = surefireTestCount();
				assertThat(tests).as("tests run by surefire after stage " + stage).isGreaterThan(afterFirstStage);
				afterFirstStage = (stage == 1) ? tests : afterFirstStage;
			}
		}
		try (Stream<Path> reports = Files.list(workspace.resolve("target/surefire-reports"))) {
			assertThat(reports.map((report) -> report.getFileName().toString())).contains(
					"TEST-io.example.todoapi.ProjectInfoTests.xml", "TEST-io.example.todoapi.TodoServiceTests.xml",
					"TEST-io.example.todoapi.FeatureCatalogTests.xml", "TEST-io.example.todoapi.JsonCodecTests.xml",
					"TEST-io.example.todoapi.HttpApiTests.xml");
		}
		assertThat(workspace.resolve("target/site/jacoco/index.html")).exists();
	}

	@Test
	void pythonNotesCliPassesItsTestsAfterEveryStage() throws Exception {
		assertTrue(onPath("python3"), "python3 is not installed");
		Scaffold scaffold = start("notes-cli-python", Blueprint.Stack.PYTHON);
		assertThat(scaffold.plan.stages()).extracting(Plan.PlannedStage::name)
			.containsExactly("project-skeleton", "core-domain", "feature-catalog", "documentation-and-ci");
		int previous = 0;
		for (int stage = 1; stage <= scaffold.plan.stages().size(); stage++) {
			scaffold.write(stage);
			int ran = pythonTestsPass();
			assertThat(ran).as("tests after stage " + stage).isGreaterThanOrEqualTo(previous).isPositive();
			previous = ran;
		}
		Result cli = run(List.of("python3", "-m", "notes_cli.cli"), Duration.ofMinutes(1));
		assertThat(cli.exitCode()).isZero();
		assertThat(cli.output()).contains("Notes CLI features:", "- Add a note: save a note with a title");
	}

	@Test
	void nodeBookmarksApiPassesItsTestsAfterEveryStage() throws Exception {
		assertTrue(onPath("npm") && onPath("node"), "node or npm is not installed");
		Scaffold scaffold = start("bookmarks-api-node", Blueprint.Stack.NODE);
		assertThat(scaffold.plan.stages()).extracting(Plan.PlannedStage::name)
			.containsExactly("project-skeleton", "core-domain", "feature-catalog", "http-api", "documentation-and-ci");
		int previous = 0;
		for (int stage = 1; stage <= scaffold.plan.stages().size(); stage++) {
			scaffold.write(stage);
			int passed = nodeTestsPass();
			assertThat(passed).as("tests after stage " + stage).isGreaterThanOrEqualTo(previous).isPositive();
			previous = passed;
		}
	}

	@Test
	void awkwardReadmeTextGivesWorkingPythonAndNodeProjects() throws Exception {
		assertTrue(onPath("python3") && onPath("npm") && onPath("node"), "python3, node or npm is not installed");
		String readme = """
				# Ünïcødé "Quotes" `${x}` {{slug}} Tool

				Escapes "quotes", back\\slashes, \"\"\" triple quotes, ${template} and %s, with emoji 🚀, for STACK.
				It offers a REST API.

				## Features

				- **Say "hi"**: prints \\n literally, and 🚀
				- Percent %d — ends with a backslash \\
				- İstanbul ß: case folding
				""";
		for (String stack : List.of("Python", "Node.js")) {
			Path dir = Files.createDirectories(workspace.resolve(stack));
			Blueprint blueprint = scaffolder.analyze(readme.replace("STACK", stack));
			Plan plan = scaffolder.plan(blueprint);
			assertThat(plan.stages()).hasSize(5);
			for (int stage = 1; stage <= plan.stages().size(); stage++) {
				scaffolder.writeStage(dir, blueprint, plan, stage, (line) -> {
				});
			}
			Result result = stack.equals("Python") ? run(dir, pythonTestCommand(), Duration.ofMinutes(2))
					: run(dir, List.of("npm", "test"), Duration.ofMinutes(2));
			assertThat(result.exitCode()).as(stack + ":\n" + result.output()).isZero();
		}
	}

	@Test
	void breakingGeneratedCodeMakesItsTestsFail() throws Exception {
		assertTrue(onPath("python3"), "python3 is not installed");
		Scaffold scaffold = start("notes-cli-python", Blueprint.Stack.PYTHON);
		for (int stage = 1; stage <= scaffold.plan.stages().size(); stage++) {
			scaffold.write(stage);
		}
		assertThat(pythonTestsPass()).isPositive();
		Path domain = workspace.resolve("notes_cli/domain.py");
		String source = Files.readString(domain);
		// an off-by-one in validation: a title of exactly the maximum length is now
		// rejected
		String broken = source.replace("if len(title) > MAX_TITLE_LENGTH:", "if len(title) >= MAX_TITLE_LENGTH:");
		assertThat(broken).isNotEqualTo(source);
		Files.writeString(domain, broken);
		Result result = run(pythonTestCommand(), Duration.ofMinutes(2));
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("FAILED", "test_create_rejects_too_long_fields");
	}

	@Test
	void breakingTheGeneratedHttpApiMakesItsTestsFail() throws Exception {
		assertTrue(onPath("npm") && onPath("node"), "node or npm is not installed");
		Scaffold scaffold = start("bookmarks-api-node", Blueprint.Stack.NODE);
		for (int stage = 1; stage <= scaffold.plan.stages().size(); stage++) {
			scaffold.write(stage);
		}
		Path api = workspace.resolve("src/http-api.js");
		String source = Files.readString(api);
		String broken = source.replace("return { status: 201,", "return { status: 200,");
		assertThat(broken).isNotEqualTo(source);
		Files.writeString(api, broken);
		Result result = run(List.of("npm", "test"), Duration.ofMinutes(2));
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("create then read back");
	}

	private Scaffold start(String example, Blueprint.Stack stack) throws IOException {
		String readme = Files.readString(EXAMPLES.resolve(example).resolve("README.md"));
		// the intake step commits the README the project was specified with
		Files.writeString(workspace.resolve("README.md"), readme);
		Blueprint blueprint = scaffolder.analyze(readme);
		assertThat(blueprint.stack()).isEqualTo(stack);
		Plan plan = scaffolder.plan(blueprint);
		assertThat(plan.validationErrors()).isEmpty();
		List<String> log = new ArrayList<>();
		scaffolder.writeArchitecture(workspace, blueprint, plan, log::add);
		assertThat(log.get(0)).isEqualTo("offline provider: writing from templates, not from a model");
		assertThat(workspace.resolve(Plan.FILE)).exists();
		return new Scaffold(blueprint, plan);
	}

	private int pythonTestsPass() throws Exception {
		Result result = run(pythonTestCommand(), Duration.ofMinutes(2));
		assertThat(result.exitCode()).as(result.output()).isZero();
		Matcher ran = Pattern.compile("Ran (\\d+) tests?").matcher(result.output());
		assertThat(ran.find()).as(result.output()).isTrue();
		assertThat(result.output()).contains("OK");
		return Integer.parseInt(ran.group(1));
	}

	private static List<String> pythonTestCommand() {
		return List.of("python3", "-m", "unittest", "discover", "-s", "tests", "-t", ".");
	}

	private int nodeTestsPass() throws Exception {
		Result result = run(List.of("npm", "test"), Duration.ofMinutes(2));
		assertThat(result.exitCode()).as(result.output()).isZero();
		Matcher passed = Pattern.compile("(?:# |\u2139 )pass (\\d+)").matcher(result.output());
		assertThat(passed.find()).as(result.output()).isTrue();
		assertThat(result.output()).containsPattern("(?:# |\u2139 )fail 0");
		return Integer.parseInt(passed.group(1));
	}

	/**
	 * Tests counted in surefire's XML reports: Maven in quiet mode prints nothing on
	 * success.
	 */
	private int surefireTestCount() throws IOException {
		Path reports = workspace.resolve("target/surefire-reports");
		if (!Files.isDirectory(reports)) {
			return 0;
		}
		int tests = 0;
		try (Stream<Path> files = Files.list(reports)) {
			for (Path report : files.filter((file) -> file.getFileName().toString().startsWith("TEST-")).toList()) {
				Matcher suite = TESTSUITE.matcher(Files.readString(report));
				assertThat(suite.find()).as(report.toString()).isTrue();
				assertThat(attribute(suite.group(), "errors") + attribute(suite.group(), "failures"))
					.as(report.toString())
					.isZero();
				tests += attribute(suite.group(), "tests");
			}
		}
		return tests;
	}

	private static int attribute(String element, String name) {
		Matcher value = Pattern.compile("\\b" + name + "=\"(\\d+)\"").matcher(element);
		assertThat(value.find()).as(name + " in " + element).isTrue();
		return Integer.parseInt(value.group(1));
	}

	private Result run(List<String> command, Duration timeout) throws Exception {
		return run(workspace, command, timeout);
	}

	private static Result run(Path directory, List<String> command, Duration timeout) throws Exception {
		Path output = Files.createTempFile("qp-offline-run", ".log");
		try {
			ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(output.toFile());
			Map<String, String> env = builder.environment();
			env.put("NO_UPDATE_NOTIFIER", "1");
			env.put("npm_config_update_notifier", "false");
			env.put("npm_config_fund", "false");
			env.put("PYTHONDONTWRITEBYTECODE", "1");
			Process process = builder.start();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
				throw new AssertionError(String.join(" ", command) + " timed out after " + timeout + ":\n"
						+ Files.readString(output, StandardCharsets.UTF_8));
			}
			return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

	private static boolean onPath(String executable) {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String dir : path.split(File.pathSeparator)) {
			if (Files.isExecutable(Path.of(dir, executable))) {
				return true;
			}
		}
		return false;
	}

	private record Result(int exitCode, String output) {
	}

	private final class Scaffold {

		private final Blueprint blueprint;

		private final Plan plan;

		Scaffold(Blueprint blueprint, Plan plan) {
			this.blueprint = blueprint;
			this.plan = plan;
		}

		void write(int stage) {
			List<Path> written = scaffolder.writeStage(workspace, blueprint, plan, stage, (line) -> {
			});
			assertThat(written).isNotEmpty().allSatisfy((path) -> assertThat(workspace.resolve(path)).isRegularFile());
		}

	}

}
