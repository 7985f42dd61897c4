package io.quantapilot.quality;

import io.quantapilot.common.ProcessTree;
import io.quantapilot.quality.internal.ConsoleSummaryParser;
import io.quantapilot.quality.internal.CoverageReports;
import io.quantapilot.quality.internal.JUnitXmlReports;
import io.quantapilot.quality.internal.OutputCapture;
import io.quantapilot.quality.internal.ReportFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a project's test command once, confined by a {@link Sandbox} and bounded by
 * {@link Limits}, and reads the results.
 * <p>
 * The command runs without a shell in the project directory, with stdin closed and stdout and
 * stderr merged. Its environment is not the platform's: only a fixed set of harmless variables
 * ({@code PATH}, {@code HOME}, locale, tool homes, proxies; see {@link #INHERITED_VARIABLES}) is
 * passed on, plus {@link Limits#environment()}, so API keys and tokens of the platform never
 * reach generated code. On timeout, or when the calling thread is interrupted, the whole process
 * tree is terminated, then killed after a grace period; processes a finished run left behind are
 * killed too.
 * <p>
 * Results come from JUnit XML reports written during the run (into the per-run report directory
 * or at the command's report globs), else from the console output, else they are unknown and the
 * exit code alone decides. Coverage comes from the reports the command's {@link CoverageSpec}
 * names, after its follow-up command (if any) turned recorded data into a report.
 */
public final class TestRunner {

	/** Variables passed on from the platform's environment; everything else is withheld. */
	public static final Set<String> INHERITED_VARIABLES = Set.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG",
			"LANGUAGE", "LC_ALL", "LC_CTYPE", "TZ", "TERM", "TMPDIR", "JAVA_HOME", "MAVEN_HOME", "M2_HOME",
			"GRADLE_HOME", "GRADLE_USER_HOME", "GOROOT", "GOPATH", "GOCACHE", "GOMODCACHE", "GOPROXY", "GOFLAGS",
			"PYENV_ROOT", "PYENV_VERSION", "VIRTUAL_ENV", "NVM_DIR", "NODE_PATH", "http_proxy", "https_proxy",
			"no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY");

	/** Default time between asking a timed-out tree to stop and killing it. */
	public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(5);

	// How often descendants are recorded while the command runs, so that background processes it
	// leaves behind can still be found after it exits.
	private static final long DESCENDANT_POLL_MILLIS = 250;

	// How long to wait for the output pipe to drain once the process has ended.
	private static final long DRAIN_MILLIS = 5_000;

	private static final int COMMAND_NOT_STARTED = 127;

	// A report command gets at least this long even when the tests used up the run's time.
	private static final Duration MIN_AFTER_COMMAND_TIME = Duration.ofSeconds(30);

	private final Sandbox sandbox;

	private final Duration killGrace;

	/** Creates a runner without a sandbox. */
	public TestRunner() {
		this(NoSandbox.INSTANCE);
	}

	/**
	 * Creates a runner.
	 *
	 * @param sandbox the sandbox every command runs in
	 */
	public TestRunner(Sandbox sandbox) {
		this(sandbox, DEFAULT_KILL_GRACE);
	}

	/**
	 * Creates a runner.
	 *
	 * @param sandbox the sandbox every command runs in
	 * @param killGrace time between terminating and killing a process tree
	 */
	public TestRunner(Sandbox sandbox, Duration killGrace) {
		this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
		this.killGrace = Objects.requireNonNull(killGrace, "killGrace");
	}

	/**
	 * Returns the sandbox commands run in.
	 *
	 * @return the sandbox
	 */
	public Sandbox sandbox() {
		return this.sandbox;
	}

	/**
	 * Runs the tests. Blocks until the command ends, times out or the thread is interrupted; an
	 * interrupt kills the run, returns it as {@link TestRun#cancelled() cancelled} and leaves the
	 * thread's interrupt status set.
	 *
	 * @param projectDir the project directory, the command's working directory
	 * @param command the command to run
	 * @param limits the run's limits
	 * @return what happened
	 * @throws IllegalArgumentException when the project directory does not exist
	 * @throws UncheckedIOException when the report directory cannot be created
	 */
	public TestRun run(Path projectDir, TestCommand command, Limits limits) {
		Objects.requireNonNull(command, "command");
		Objects.requireNonNull(limits, "limits");
		Path workDir = realDirectory(projectDir);
		Path reportDir = createTempDir("quantapilot-test-reports-");
		try {
			Path coverageDir = createTempDir("quantapilot-coverage-");
			try {
				return run(workDir, reportDir, coverageDir, command, limits);
			}
			finally {
				ReportFiles.deleteQuietly(coverageDir);
			}
		}
		finally {
			ReportFiles.deleteQuietly(reportDir);
		}
	}

	private TestRun run(Path workDir, Path reportDir, Path coverageDir, TestCommand command, Limits limits) {
		List<String> argv = TestCommand.expand(command.argv(), reportDir.toString(), coverageDir.toString());
		List<Path> writable = List.of(reportDir, coverageDir);
		// Report files carry second precision on some file systems: compare from the whole second.
		Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		long start = System.nanoTime();
		Process process;
		try {
			process = start(argv, workDir, writable, limits);
		}
		catch (IOException ex) {
			String output = "Could not start " + argv.get(0) + ": " + ex.getMessage() + "\n";
			return new TestRun(argv, this.sandbox.name(), COMMAND_NOT_STARTED, false, false,
					Duration.ofNanos(System.nanoTime() - start), output, false, TestSummary.unknown(),
					Coverage.notMeasured("the test command could not be started"));
		}

		ConsoleSummaryParser console = new ConsoleSummaryParser();
		OutputCapture capture = new OutputCapture(process.getInputStream(), limits.maxOutputBytes(), console::accept);
		Thread drainer = new Thread(capture, "test-output-" + process.pid());
		drainer.setDaemon(true);
		drainer.start();

		Set<ProcessHandle> seen = new LinkedHashSet<>();
		Outcome outcome = awaitProcess(process, limits.timeout(), seen);
		Duration duration = Duration.ofNanos(System.nanoTime() - start);
		try {
			if (outcome != Outcome.EXITED) {
				seen.add(process.toHandle());
			}
			// Kill the tree on timeout or cancellation, and whatever a finished run left running.
			ProcessTree.kill(new ArrayList<>(seen), (outcome == Outcome.EXITED) ? Duration.ofSeconds(1) : this.killGrace);
			int exitCode = exitCode(process);
			awaitDrained(capture);
			TestSummary summary = summarize(workDir, reportDir, command, startedAt).orElseGet(
					() -> capture.inspect(() -> console.summary(command.ecosystem())).orElse(TestSummary.unknown()));
			Coverage coverage = switch (outcome) {
				case TIMED_OUT -> Coverage.notMeasured("the test run timed out");
				case CANCELLED -> Coverage.notMeasured("the test run was cancelled");
				case EXITED -> coverage(workDir, reportDir, coverageDir, command, limits, startedAt,
						limits.timeout().minus(duration));
			};
			return new TestRun(argv, this.sandbox.name(), exitCode, outcome == Outcome.TIMED_OUT,
					outcome == Outcome.CANCELLED, duration, capture.text(), capture.truncated(), summary, coverage);
		}
		finally {
			if (outcome == Outcome.CANCELLED) {
				// Cleaning up ran without the interrupt flag, since interruptible file channels would
				// refuse to read the reports; the caller still learns it was interrupted.
				Thread.currentThread().interrupt();
			}
		}
	}

	private Process start(List<String> argv, Path workDir, List<Path> writable, Limits limits) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(this.sandbox.wrap(argv, workDir, writable))
			.directory(workDir.toFile())
			.redirectErrorStream(true);
		Map<String, String> environment = builder.environment();
		environment.keySet().retainAll(INHERITED_VARIABLES);
		environment.putAll(limits.environment());
		Process process = builder.start();
		closeQuietly(process);
		return process;
	}

	private Coverage coverage(Path workDir, Path reportDir, Path coverageDir, TestCommand command, Limits limits,
			Instant startedAt, Duration remaining) {
		CoverageSpec spec = command.coverage();
		if (!spec.afterCommand().isEmpty()) {
			Optional<String> failure = runAfterCommand(workDir, reportDir, coverageDir, spec.afterCommand(), limits,
					remaining);
			if (failure.isPresent()) {
				return Coverage.notMeasured(failure.get());
			}
		}
		List<Path> reports = new ArrayList<>(ReportFiles.filesIn(coverageDir));
		reports.addAll(ReportFiles.find(workDir, spec.reportGlobs(), startedAt));
		return CoverageReports.read(reports).orElseGet(() -> Coverage.notMeasured(spec.missingReason()));
	}

	// Turns recorded coverage data into a report, in the same sandbox and within what is left of
	// the run's time. Its output is small and only matters when it fails.
	private Optional<String> runAfterCommand(Path workDir, Path reportDir, Path coverageDir, List<String> template,
			Limits limits, Duration remaining) {
		List<String> argv = TestCommand.expand(template, reportDir.toString(), coverageDir.toString());
		Duration budget = remaining.compareTo(MIN_AFTER_COMMAND_TIME) < 0 ? MIN_AFTER_COMMAND_TIME : remaining;
		Process process;
		try {
			process = start(argv, workDir, List.of(reportDir, coverageDir), limits);
		}
		catch (IOException ex) {
			return Optional.of("could not start " + String.join(" ", argv) + ": " + ex.getMessage());
		}
		OutputCapture capture = new OutputCapture(process.getInputStream(), 4096, line -> {
		});
		Thread drainer = new Thread(capture, "coverage-report-" + process.pid());
		drainer.setDaemon(true);
		drainer.start();
		Set<ProcessHandle> seen = new LinkedHashSet<>();
		Outcome outcome = awaitProcess(process, budget, seen);
		seen.add(process.toHandle());
		ProcessTree.kill(new ArrayList<>(seen), (outcome == Outcome.EXITED) ? Duration.ofSeconds(1) : this.killGrace);
		int exitCode = exitCode(process);
		awaitDrained(capture);
		if (outcome == Outcome.CANCELLED) {
			Thread.currentThread().interrupt();
			return Optional.of("the coverage report was cancelled");
		}
		if (outcome == Outcome.TIMED_OUT) {
			return Optional.of("writing the coverage report timed out");
		}
		if (exitCode != 0) {
			String output = capture.text().strip();
			return Optional.of(String.join(" ", argv.subList(0, Math.min(4, argv.size()))) + " failed (exit code "
					+ exitCode + ")" + (output.isEmpty() ? "" : ": " + output.lines().reduce((a, b) -> b).orElse("")));
		}
		return Optional.empty();
	}

	private enum Outcome {
		EXITED, TIMED_OUT, CANCELLED
	}

	private static Outcome awaitProcess(Process process, Duration timeout, Set<ProcessHandle> seen) {
		long deadline = System.nanoTime() + timeout.toNanos();
		try {
			while (true) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return Outcome.TIMED_OUT;
				}
				long slice = Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(DESCENDANT_POLL_MILLIS));
				if (process.waitFor(slice, TimeUnit.NANOSECONDS)) {
					return Outcome.EXITED;
				}
				process.descendants().forEach(seen::add);
			}
		}
		catch (InterruptedException ex) {
			return Outcome.CANCELLED;
		}
	}

	private static int exitCode(Process process) {
		try {
			return process.waitFor(2, TimeUnit.SECONDS) ? process.exitValue() : -1;
		}
		catch (InterruptedException ex) {
			// Interrupted again while cleaning up: report what is known and keep the interrupt.
			Thread.currentThread().interrupt();
			return process.isAlive() ? -1 : process.exitValue();
		}
	}

	private static void awaitDrained(OutputCapture capture) {
		try {
			// A process that escaped the tree (daemonised) may keep the pipe open: stop waiting
			// then and keep what arrived.
			capture.awaitEnd(DRAIN_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Optional<TestSummary> summarize(Path workDir, Path reportDir, TestCommand command,
			Instant startedAt) {
		List<Path> reports = new ArrayList<>(ReportFiles.xmlFilesIn(reportDir));
		reports.addAll(ReportFiles.find(workDir, command.reportGlobs(), startedAt));
		return JUnitXmlReports.summarize(reports);
	}

	private static Path realDirectory(Path projectDir) {
		Objects.requireNonNull(projectDir, "projectDir");
		if (!Files.isDirectory(projectDir)) {
			throw new IllegalArgumentException("Not a directory: " + projectDir);
		}
		try {
			// The sandbox binds by path: resolve symlinks so the bind and the working directory agree.
			return projectDir.toRealPath();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path createTempDir(String prefix) {
		try {
			return Files.createTempDirectory(prefix).toRealPath();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create a report directory", ex);
		}
	}

	private static void closeQuietly(Process process) {
		try {
			// No test should wait for input; closing stdin makes one that does fail fast.
			process.getOutputStream().close();
		}
		catch (IOException ex) {
			// Already closed by a process that exited at once: nothing to do.
		}
	}

}
