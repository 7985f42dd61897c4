package io.quantapilot.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCommandDetectorUnitTests {

	@TempDir
	Path dir;

	private final List<List<String>> probes = new ArrayList<>();

	private final TestCommandDetector withPytest = new TestCommandDetector(
			argv -> this.probes.add(argv) && argv.contains("pytest"));

	private final TestCommandDetector withEveryTool = new TestCommandDetector(argv -> this.probes.add(argv));

	private final TestCommandDetector withoutPytest = new TestCommandDetector(argv -> !this.probes.add(argv));

	@Test
	void mavenUsesTheWrapperWhenItIsExecutable() throws IOException {
		Files.writeString(this.dir.resolve("pom.xml"), "<project/>");
		Path mvnw = Files.writeString(this.dir.resolve("mvnw"), "#!/bin/sh\n");
		Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));

		TestCommand command = this.withPytest.detect(this.dir).orElseThrow();

		assertThat(command.argv()).containsExactly("./mvnw", "-B", "test");
		assertThat(command.ecosystem()).isEqualTo("maven");
		assertThat(command.reportGlobs()).contains("target/surefire-reports/TEST-*.xml");
	}

	@Test
	void mavenFallsBackToMvnWithoutAnExecutableWrapper() throws IOException {
		Files.writeString(this.dir.resolve("pom.xml"), "<project/>");
		Path mvnw = Files.writeString(this.dir.resolve("mvnw"), "#!/bin/sh\n");
		Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rw-r--r--"));

		assertThat(this.withPytest.detect(this.dir).orElseThrow().argv()).containsExactly("mvn", "-B", "test");
	}

	@Test
	void gradleUsesTheWrapper() throws IOException {
		Files.writeString(this.dir.resolve("build.gradle.kts"), "plugins { java }");
		Path gradlew = Files.writeString(this.dir.resolve("gradlew"), "#!/bin/sh\n");
		Files.setPosixFilePermissions(gradlew, PosixFilePermissions.fromString("rwxr-xr-x"));

		TestCommand command = this.withPytest.detect(this.dir).orElseThrow();

		assertThat(command.argv()).containsExactly("./gradlew", "test", "--no-daemon");
		assertThat(command.ecosystem()).isEqualTo("gradle");
		assertThat(command.reportGlobs()).contains("build/test-results/test/*.xml");
	}

	@Test
	void gradleWithoutWrapperUsesGradle() throws IOException {
		Files.writeString(this.dir.resolve("build.gradle"), "apply plugin: 'java'");

		assertThat(this.withPytest.detect(this.dir).orElseThrow().argv()).containsExactly("gradle", "test", "--no-daemon");
	}

	@Test
	void goRunsAllPackagesVerbosely() throws IOException {
		Files.writeString(this.dir.resolve("go.mod"), "module example.com/demo\n");

		TestCommand command = this.withPytest.detect(this.dir).orElseThrow();

		assertThat(command.argv()).containsExactly("go", "test", "-v", "-coverprofile={coverageDir}/cover.out", "./...");
		assertThat(command.ecosystem()).isEqualTo("go");
	}

	@Test
	void plainNodeTestRunsNodeWithSpecAndJunitReporters() throws IOException {
		Files.writeString(this.dir.resolve("package.json"), "{\"scripts\":{\"test\":\"node --test test/\"}}");

		TestCommand command = this.withPytest.detect(this.dir).orElseThrow();

		assertThat(command.ecosystem()).isEqualTo("node");
		assertThat(command.argv()).containsExactly("node", "--test", "--test-reporter=spec",
				"--test-reporter-destination=stdout", "--test-reporter=junit",
				"--test-reporter-destination={reportDir}/node-junit.xml", "test/");
		assertThat(command.argvWithReportDir("/r")).contains("--test-reporter-destination=/r/node-junit.xml");
		assertThat(command.coverage().reportGlobs()).contains("coverage/lcov.info");
		assertThat(command.coverage().missingReason()).contains("Node.js 20.11");
	}

	@Test
	void plainNodeTestMeasuresCoverageWithTheLcovReporterWhereNodeHasIt() throws IOException {
		Files.writeString(this.dir.resolve("package.json"), "{\"scripts\":{\"test\":\"node --test test/\"}}");

		TestCommand command = this.withEveryTool.detect(this.dir).orElseThrow();

		assertThat(command.argv()).containsSubsequence("--experimental-test-coverage", "--test-reporter=lcov",
				"--test-reporter-destination={coverageDir}/lcov.info", "test/");
		assertThat(this.probes).anySatisfy(probe -> assertThat(probe).contains("node"));
	}

	@Test
	void pythonRunsUnderCoverageWhenCoverageIsInstalled() throws IOException {
		Files.writeString(this.dir.resolve("pyproject.toml"), "[project]\nname = \"demo\"\n");

		TestCommand command = this.withEveryTool.detect(this.dir).orElseThrow();

		assertThat(command.argv()).containsExactly("python3", "-m", "coverage", "run", "--source=.",
				"--data-file={coverageDir}/.coverage", "-m", "pytest", "--junitxml={reportDir}/pytest-junit.xml");
		assertThat(command.coverage().afterCommand()).containsExactly("python3", "-m", "coverage", "xml",
				"--data-file={coverageDir}/.coverage", "-o", "{coverageDir}/coverage.xml");
	}

	@Test
	void withoutCoverageThePythonCommandSaysWhatToInstall() throws IOException {
		Files.writeString(this.dir.resolve("setup.py"), "");

		TestCommand command = this.withoutPytest.detect(this.dir).orElseThrow();

		assertThat(command.coverage().afterCommand()).isEmpty();
		assertThat(command.coverage().missingReason()).contains("coverage.py is not installed", "python3-coverage");
	}

	@Test
	void otherTestScriptsRunThroughNpm() throws IOException {
		for (String script : List.of("jest --ci", "node --test && eslint .", "node --test test/*.js",
				"node --test --test-reporter=tap")) {
			Files.writeString(this.dir.resolve("package.json"),
					"{\"scripts\":{\"test\":\"" + script.replace("\"", "\\\"") + "\"}}");

			assertThat(this.withPytest.detect(this.dir).orElseThrow().argv()).as(script).containsExactly("npm", "test");
		}
	}

	@Test
	void npmPlaceholderTestScriptIsNoTestCommand() throws IOException {
		Files.writeString(this.dir.resolve("package.json"),
				"{\"scripts\":{\"test\":\"echo \\\"Error: no test specified\\\" && exit 1\"}}");

		assertThat(this.withPytest.detect(this.dir)).isEmpty();
	}

	@Test
	void packageJsonWithoutTestScriptLeavesRoomForPython() throws IOException {
		Files.writeString(this.dir.resolve("package.json"), "{\"scripts\":{\"lint\":\"eslint .\"}}");
		Files.writeString(this.dir.resolve("pyproject.toml"), "[project]\nname = \"demo\"\n");

		assertThat(this.withPytest.detect(this.dir).orElseThrow().ecosystem()).isEqualTo("python");
	}

	@Test
	void pythonUsesPytestWithJunitReportWhenAvailable() throws IOException {
		Files.writeString(this.dir.resolve("pyproject.toml"), "[project]\nname = \"demo\"\n");

		TestCommand command = this.withPytest.detect(this.dir).orElseThrow();

		assertThat(command.argv()).containsExactly("python3", "-m", "pytest", "--junitxml={reportDir}/pytest-junit.xml");
		assertThat(command.ecosystem()).isEqualTo("python");
		assertThat(this.probes).containsExactly(List.of("python3", "-m", "coverage", "--version"),
				List.of("python3", "-m", "pytest", "--version"));
	}

	@Test
	void pythonFallsBackToUnittestDiscovery() throws IOException {
		Files.writeString(this.dir.resolve("setup.py"), "");

		assertThat(this.withoutPytest.detect(this.dir).orElseThrow().argv()).containsExactly("python3", "-m", "unittest",
				"discover", "-v");
	}

	@Test
	void unittestDiscoversTestsDirectoryAsPackageWhenItIsOne() throws IOException {
		Files.createDirectories(this.dir.resolve("tests"));
		Files.writeString(this.dir.resolve("tests/test_app.py"), "");
		Files.writeString(this.dir.resolve("tests/__init__.py"), "");

		assertThat(this.withoutPytest.detect(this.dir).orElseThrow().argv()).containsExactly("python3", "-m", "unittest",
				"discover", "-s", "tests", "-t", ".", "-v");
	}

	@Test
	void unittestDiscoversPlainTestsDirectoryWithoutTopLevel() throws IOException {
		Files.createDirectories(this.dir.resolve("tests"));
		Files.writeString(this.dir.resolve("tests/test_app.py"), "");

		assertThat(this.withoutPytest.detect(this.dir).orElseThrow().argv()).containsExactly("python3", "-m", "unittest",
				"discover", "-s", "tests", "-v");
	}

	@Test
	void testsDirectoryWithoutPythonTestsIsNotPython() throws IOException {
		Files.createDirectories(this.dir.resolve("tests"));
		Files.writeString(this.dir.resolve("tests/readme.txt"), "");

		assertThat(this.withPytest.detect(this.dir)).isEmpty();
	}

	@Test
	void mavenWinsOverAFrontEndPackageJson() throws IOException {
		Files.writeString(this.dir.resolve("pom.xml"), "<project/>");
		Files.writeString(this.dir.resolve("package.json"), "{\"scripts\":{\"test\":\"node --test\"}}");

		assertThat(this.withPytest.detect(this.dir).orElseThrow().ecosystem()).isEqualTo("maven");
	}

	@Test
	void emptyProjectHasNoTestCommand() {
		assertThat(this.withPytest.detect(this.dir)).isEmpty();
		assertThat(this.withPytest.detect(this.dir, "  ")).isEmpty();
	}

	@Test
	void overrideKeepsDetectedEcosystemAndReports() throws IOException {
		Files.writeString(this.dir.resolve("pom.xml"), "<project/>");

		TestCommand command = this.withPytest.detect(this.dir, "mvn -B -Pci 'verify' -Dgreeting=\"hello world\"")
			.orElseThrow();

		assertThat(command.argv()).containsExactly("mvn", "-B", "-Pci", "verify", "-Dgreeting=hello world");
		assertThat(command.ecosystem()).isEqualTo("maven");
		assertThat(command.reportGlobs()).contains("target/surefire-reports/TEST-*.xml");
	}

	@Test
	void overrideWithoutDetectedProjectIsCustom() {
		TestCommand command = this.withPytest.detect(this.dir, "make check").orElseThrow();

		assertThat(command.argv()).containsExactly("make", "check");
		assertThat(command.ecosystem()).isEqualTo("custom");
		assertThat(command.reportGlobs()).isEmpty();
	}

	@Test
	void overrideWithShellOperatorsIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.withPytest.detect(this.dir, "npm ci && npm test"))
			.withMessageContaining("sh -c");
	}

	@Test
	void missingDirectoryIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.withPytest.detect(this.dir.resolve("missing")));
	}

}
