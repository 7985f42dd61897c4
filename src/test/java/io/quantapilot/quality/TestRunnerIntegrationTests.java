package io.quantapilot.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quantapilot.common.ProcessTree;
import io.quantapilot.quality.internal.ToolProbe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs real tools on tiny real projects: Python, the Node.js test runner and one Maven build
 * (the slowest part, a few seconds with a warm local repository).
 */
class TestRunnerIntegrationTests {

	private static final Limits LIMITS = Limits.defaults().withTimeout(Duration.ofMinutes(3));

	@TempDir
	Path dir;

	private final TestRunner runner = new TestRunner(NoSandbox.INSTANCE, Duration.ofSeconds(1));

	@Test
	void pythonUnittestCountsAndNamesTheFailureFromTheConsole() throws IOException {
		SampleProjects.python(this.dir);
		TestCommand command = new TestCommandDetector(argv -> false).detect(this.dir).orElseThrow();

		TestRun run = this.runner.run(this.dir, command, LIMITS);

		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(run.passed()).isFalse();
		assertThat(run.sandbox()).isEqualTo("none");
		TestSummary summary = run.summary();
		assertThat(summary.source()).isEqualTo("console:unittest");
		assertThat(summary).extracting(TestSummary::total, TestSummary::passed, TestSummary::failed, TestSummary::errors)
			.containsExactly(2, 1, 1, 0);
		assertThat(summary.failures()).singleElement().satisfies(failure -> {
			assertThat(failure.name()).endsWith("SampleTests.test_fails");
			assertThat(failure.message()).contains("arithmetic is broken");
		});
	}

	@Test
	void pytestWritesAJunitReportOutsideTheProject() throws IOException {
		// pytest ships with the Python of every machine this project builds on.
		assertThat(ToolProbe.succeeds(List.of("python3", "-m", "pytest", "--version"))).as("pytest installed").isTrue();
		SampleProjects.python(this.dir);
		TestCommand command = new TestCommandDetector().detect(this.dir).orElseThrow();

		TestRun run = this.runner.run(this.dir, command, LIMITS);

		assertThat(run.summary().source()).isEqualTo("junit-xml");
		assertThat(run.summary()).extracting(TestSummary::total, TestSummary::passed, TestSummary::failed)
			.containsExactly(2, 1, 1);
		assertThat(run.summary().failures()).extracting(TestFailure::name)
			.containsExactly("tests.test_sample.SampleTests.test_fails");
		assertThat(run.command()).noneMatch(argument -> argument.contains(TestCommand.REPORT_DIR));
		try (var files = Files.list(this.dir)) {
			assertThat(files.map(path -> path.getFileName().toString())).noneMatch(name -> name.endsWith(".xml"));
		}
	}

	@Test
	void nodeTestRunnerReportIsParsed() throws IOException {
		SampleProjects.node(this.dir);
		TestCommand command = new TestCommandDetector().detect(this.dir).orElseThrow();

		TestRun run = this.runner.run(this.dir, command, LIMITS);

		assertThat(run.exitCode()).isNotZero();
		assertThat(run.output()).contains("ℹ tests 2");
		assertThat(run.summary().source()).isEqualTo("junit-xml");
		assertThat(run.summary()).extracting(TestSummary::total, TestSummary::passed, TestSummary::failed)
			.containsExactly(2, 1, 1);
		assertThat(run.summary().failures()).singleElement().satisfies(failure -> {
			assertThat(failure.name()).endsWith("multiplies wrongly");
			assertThat(failure.message()).contains("4 !== 5");
		});
	}

	@Test
	void nodeConsoleIsTheFallbackWithoutReport() throws IOException {
		SampleProjects.node(this.dir);

		TestRun run = this.runner.run(this.dir, new TestCommand(List.of("node", "--test"), "node", List.of()), LIMITS);

		assertThat(run.summary().source()).isEqualTo("console:node");
		assertThat(run.summary()).extracting(TestSummary::total, TestSummary::passed, TestSummary::failed)
			.containsExactly(2, 1, 1);
		assertThat(run.summary().failures()).extracting(TestFailure::name).contains("multiplies wrongly");
	}

	@Test
	void mavenSurefireReportsAreParsed() throws IOException {
		SampleProjects.maven(this.dir);
		TestCommand command = new TestCommandDetector().detect(this.dir).orElseThrow();
		assertThat(command.argv()).containsExactly("mvn", "-B", "test");

		TestRun run = this.runner.run(this.dir, command, LIMITS);

		assertThat(run.exitCode()).as(run.output()).isNotZero();
		assertThat(run.passed()).isFalse();
		TestSummary summary = run.summary();
		assertThat(summary.source()).isEqualTo("junit-xml");
		assertThat(summary).extracting(TestSummary::total, TestSummary::passed, TestSummary::failed, TestSummary::errors,
				TestSummary::skipped)
			.containsExactly(3, 1, 1, 0, 1);
		assertThat(summary.failures()).singleElement().satisfies(failure -> {
			assertThat(failure.name()).isEqualTo("demo.CalculatorTest.subtractsWrongly");
			assertThat(failure.message()).contains("subtraction is broken");
			assertThat(failure.trace().lines()).hasSizeLessThanOrEqualTo(TestFailure.MAX_TRACE_LINES);
		});
		assertThat(this.dir.resolve("target/surefire-reports/TEST-demo.CalculatorTest.xml")).isRegularFile();
	}

	@Test
	void reportsFromEarlierRunsAreIgnored() throws IOException {
		Path reports = Files.createDirectories(this.dir.resolve("target/surefire-reports"));
		Path stale = reports.resolve("TEST-demo.CalculatorTest.xml");
		try (var report = TestRunnerIntegrationTests.class.getResourceAsStream("/quality/reports/TEST-demo.CalculatorTest.xml")) {
			Files.copy(report, stale);
		}
		Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
		TestCommand command = new TestCommand(List.of("sh", "-c", "echo build failed; exit 1"), "maven",
				List.of("target/surefire-reports/TEST-*.xml"));

		TestRun run = this.runner.run(this.dir, command, LIMITS);

		assertThat(run.summary().known()).isFalse();
		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(run.passed()).isFalse();
	}

	@Test
	void unparseableOutputLeavesTheExitCodeToDecide() {
		TestRun run = this.runner.run(this.dir, new TestCommand(List.of("sh", "-c", "echo all good"), "custom", List.of()),
				LIMITS);

		assertThat(run.summary()).isEqualTo(TestSummary.unknown());
		assertThat(run.exitCode()).isZero();
		assertThat(run.passed()).isTrue();
		assertThat(run.output()).isEqualTo("all good\n");
	}

	@Test
	void timeoutKillsTheWholeProcessTree() throws IOException {
		TestCommand command = new TestCommand(List.of("sh", "-c", "sleep 100 & echo $! > child.pid; sleep 100"), "custom",
				List.of());

		TestRun run = this.runner.run(this.dir, command, LIMITS.withTimeout(Duration.ofSeconds(1)));

		assertThat(run.timedOut()).isTrue();
		assertThat(run.passed()).isFalse();
		assertThat(run.duration()).isLessThan(Duration.ofSeconds(10));
		long child = Long.parseLong(Files.readString(this.dir.resolve("child.pid")).strip());
		await().atMost(Duration.ofSeconds(5)).until(() -> isGone(child));
	}

	@Test
	void processesIgnoringTerminationAreKilledAfterTheGracePeriod() throws IOException {
		// An ignored signal stays ignored across exec, so the sleeping child ignores it as well.
		TestCommand command = new TestCommand(List.of("sh", "-c", "trap '' TERM; sleep 100 & echo $! > child.pid; sleep 100"),
				"custom", List.of());

		TestRun run = this.runner.run(this.dir, command, LIMITS.withTimeout(Duration.ofMillis(500)));

		assertThat(run.timedOut()).isTrue();
		assertThat(run.exitCode()).isEqualTo(137);
		long child = Long.parseLong(Files.readString(this.dir.resolve("child.pid")).strip());
		await().atMost(Duration.ofSeconds(5)).until(() -> isGone(child));
	}

	@Test
	void backgroundProcessesLeftByAFinishedRunAreKilled() throws IOException {
		TestCommand command = new TestCommand(
				List.of("sh", "-c", "sleep 100 > /dev/null 2>&1 & echo $! > child.pid; sleep 1; echo done"), "custom", List.of());

		TestRun run = this.runner.run(this.dir, command, LIMITS);

		assertThat(run.exitCode()).isZero();
		long child = Long.parseLong(Files.readString(this.dir.resolve("child.pid")).strip());
		await().atMost(Duration.ofSeconds(5)).until(() -> isGone(child));
	}

	@Test
	void interruptCancelsTheRunAndKillsItsTree() throws Exception {
		TestCommand command = new TestCommand(List.of("sh", "-c", "sleep 100 & echo $! > child.pid; sleep 100"), "custom",
				List.of());
		AtomicBoolean stillInterrupted = new AtomicBoolean();
		CompletableFuture<TestRun> result = new CompletableFuture<>();
		Thread worker = new Thread(() -> {
			result.complete(this.runner.run(this.dir, command, LIMITS));
			stillInterrupted.set(Thread.currentThread().isInterrupted());
		});
		worker.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(this.dir.resolve("child.pid")));
		worker.interrupt();
		worker.join(Duration.ofSeconds(10).toMillis());

		TestRun run = result.getNow(null);
		assertThat(run).isNotNull();
		assertThat(run.cancelled()).isTrue();
		assertThat(run.timedOut()).isFalse();
		assertThat(stillInterrupted).isTrue();
		long child = Long.parseLong(Files.readString(this.dir.resolve("child.pid")).strip());
		await().atMost(Duration.ofSeconds(5)).until(() -> isGone(child));
	}

	@Test
	void outputIsLimitedToHeadAndTailButFullyParsed() {
		// The unittest summary sits in the middle of the output and is dropped from the kept text,
		// yet still parsed.
		String script = "i=0; while [ $i -lt 3000 ]; do echo \"noise line $i\"; i=$((i+1)); done; "
				+ "echo 'Ran 5 tests in 0.1s'; echo; echo 'OK (skipped=2)'; "
				+ "i=0; while [ $i -lt 3000 ]; do echo \"more noise $i\"; i=$((i+1)); done";

		TestRun run = this.runner.run(this.dir, new TestCommand(List.of("sh", "-c", script), "python", List.of()),
				LIMITS.withMaxOutputBytes(4096));

		assertThat(run.outputTruncated()).isTrue();
		assertThat(run.output()).startsWith("noise line 0\n").endsWith("more noise 2999\n")
			.contains("bytes of output omitted").doesNotContain("Ran 5 tests");
		assertThat(run.output().length()).isLessThan(4200);
		assertThat(run.summary()).extracting(TestSummary::total, TestSummary::passed, TestSummary::skipped)
			.containsExactly(5, 3, 2);
	}

	@Test
	void environmentIsScrubbedAndExtended() {
		// The platform's own secrets live in its environment; a generated project must not see them.
		TestRun run = this.runner.run(this.dir, new TestCommand(List.of("env"), "custom", List.of()),
				LIMITS.withEnvironment(Map.of("EXTRA", "yes")));

		List<String> names = run.output().lines().map(line -> line.substring(0, line.indexOf('='))).toList();
		assertThat(names).contains("PATH", "EXTRA").allSatisfy(name -> assertThat(name).isIn(
				Stream.concat(TestRunner.INHERITED_VARIABLES.stream(), Stream.of("EXTRA")).toList()));
		assertThat(run.output()).contains("EXTRA=yes");
	}

	@Test
	void missingProgramIsAFailedRunNotAnException() {
		TestRun run = this.runner.run(this.dir, new TestCommand(List.of("no-such-tool-anywhere"), "custom", List.of()),
				LIMITS);

		assertThat(run.exitCode()).isEqualTo(127);
		assertThat(run.passed()).isFalse();
		assertThat(run.output()).contains("Could not start no-such-tool-anywhere");
	}

	private static boolean isGone(long pid) throws IOException {
		// A killed orphan may linger as a zombie until its new parent reaps it; it runs no code.
		Path stat = Path.of("/proc/" + pid + "/stat");
		if (!Files.exists(stat)) {
			return true;
		}
		try {
			String content = Files.readString(stat);
			return content.substring(content.lastIndexOf(')') + 2).startsWith("Z");
		}
		catch (IOException ex) {
			return true;
		}
	}

}
