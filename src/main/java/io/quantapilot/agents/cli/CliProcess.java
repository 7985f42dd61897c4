package io.quantapilot.agents.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.quantapilot.common.ProcessTree;
import io.quantapilot.common.QuantaPilotException;

/**
 * Runs one agent CLI to its end. Its output lines are handed to a {@link Sink} on the calling thread (so the
 * event log is written from one thread, and a stuck verdict or an interrupt is handled in one place). The run ends
 * when the CLI closes its output, when it lingers past a grace period after its final event (a known hang of agent
 * CLIs: the work is done, the process does not exit), at the timeout, or on an interrupt (cancellation). Whatever the
 * reason, the whole process tree is stopped, including children that outlived their parent.
 */
final class CliProcess {

	/** What the run does with the CLI's output. */
	interface Sink {

		void stdout(String line);

		void stderr(String line);

		/** Whether the CLI's final event has been seen: from then on the process only gets a grace period. */
		boolean finished();

	}

	/**
	 * How to run the CLI.
	 *
	 * @param provider the provider name, for messages
	 * @param argv the command, its first element an absolute path
	 * @param workspace the working directory
	 * @param environment the complete environment of the child
	 * @param timeout the longest the run may take
	 * @param resultGrace how long the CLI may run on after its final event
	 * @param killGrace the time between the polite and the forced kill
	 */
	record Spec(String provider, List<String> argv, Path workspace, Map<String, String> environment, Duration timeout,
			Duration resultGrace, Duration killGrace) {
	}

	/**
	 * How the CLI ended.
	 *
	 * @param exitCode the exit code, or null when the process was stopped by us
	 * @param stoppedAfterResult whether it was stopped because it lingered after its final event
	 * @param stderrTail the end of its standard error
	 * @param elapsed how long it ran
	 */
	record Exit(Integer exitCode, boolean stoppedAfterResult, String stderrTail, Duration elapsed) {

		boolean succeeded() {
			return stoppedAfterResult || (exitCode != null && exitCode == 0);
		}

		String describe() {
			return exitCode != null ? "exit code " + exitCode : "stopped";
		}

	}

	/** The run's timeout passed; the tree has been stopped. */
	static final class TimedOut extends QuantaPilotException.TransientFailure {

		TimedOut(String message) {
			super(message, null);
		}

	}

	private static final int STDERR_TAIL = 4000;

	private static final int MAX_LINE = 8 * 1024 * 1024;

	private static final long POLL_MILLIS = 100;

	private static final long SCAN_MILLIS = 500;

	private record Line(boolean stderr, String text, boolean end) {
	}

	private CliProcess() {
	}

	/**
	 * Runs the CLI.
	 *
	 * @throws InterruptedException when the calling thread is interrupted (the tree has been stopped)
	 * @throws TimedOut when the timeout passed (the tree has been stopped)
	 * @throws RuntimeException what the sink throws (a stuck verdict), after the tree has been stopped
	 */
	static Exit run(Spec spec, Sink sink) throws InterruptedException, IOException {
		ProcessBuilder builder = new ProcessBuilder(spec.argv()).directory(spec.workspace().toFile());
		builder.environment().clear();
		builder.environment().putAll(spec.environment());
		long started = System.nanoTime();
		Process process = builder.start();
		// Nothing is typed into an agent: its prompt is an argument. A closed stdin also keeps tools that
		// would wait for input from hanging.
		process.getOutputStream().close();
		BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
		Thread out = reader(process.getInputStream(), false, lines, spec.provider() + "-stdout-" + process.pid());
		Thread err = reader(process.getErrorStream(), true, lines, spec.provider() + "-stderr-" + process.pid());
		Set<ProcessHandle> tree = new LinkedHashSet<>();
		tree.add(process.toHandle());
		StringBuilder stderr = new StringBuilder();
		long deadline = started + spec.timeout().toNanos();
		long lastScan = 0;
		long finishedAt = 0;
		long exitedAt = 0;
		int open = 2;
		boolean stoppedAfterResult = false;
		try {
			while (open > 0) {
				Line line = lines.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
				if (line != null) {
					if (line.end()) {
						open--;
					}
					else if (line.stderr()) {
						stderr.append(line.text()).append('\n');
						if (stderr.length() > 2 * STDERR_TAIL) {
							stderr.delete(0, stderr.length() - STDERR_TAIL);
						}
						sink.stderr(line.text());
					}
					else {
						sink.stdout(line.text());
					}
				}
				long now = System.nanoTime();
				if (now - lastScan > TimeUnit.MILLISECONDS.toNanos(SCAN_MILLIS)) {
					// Remember every descendant ever seen: an orphan whose parent exited is no longer a
					// descendant of the CLI, yet it must be stopped with it.
					process.descendants().forEach(tree::add);
					lastScan = now;
				}
				if (sink.finished()) {
					finishedAt = finishedAt == 0 ? now : finishedAt;
					if (now - finishedAt > spec.resultGrace().toNanos() && process.isAlive()) {
						stoppedAfterResult = true;
						break;
					}
				}
				if (!process.isAlive()) {
					exitedAt = exitedAt == 0 ? now : exitedAt;
					// Output still held open by a leftover child after the CLI exited: give it the grace
					// period to flush, then stop waiting for it.
					if (now - exitedAt > spec.resultGrace().toNanos()) {
						break;
					}
				}
				if (now - deadline > 0) {
					ProcessTree.kill(tree, spec.killGrace());
					throw new TimedOut(spec.provider() + " timed out after " + Text.duration(spec.timeout())
							+ "; its process tree was stopped");
				}
			}
		}
		catch (InterruptedException ex) {
			ProcessTree.kill(tree, spec.killGrace());
			Thread.interrupted();
			throw ex;
		}
		catch (RuntimeException ex) {
			ProcessTree.kill(tree, spec.killGrace());
			throw ex;
		}
		process.descendants().forEach(tree::add);
		ProcessTree.kill(tree, spec.killGrace());
		// After the kill the pipes close; whatever was still buffered is the end of the story.
		out.join(1000);
		err.join(1000);
		for (Line line = lines.poll(); line != null; line = lines.poll()) {
			if (!line.end()) {
				if (line.stderr()) {
					stderr.append(line.text()).append('\n');
				}
				else if (!stoppedAfterResult) {
					sink.stdout(line.text());
				}
			}
		}
		Integer exitCode = null;
		if (!stoppedAfterResult && process.waitFor(spec.killGrace().toMillis() + 2000, TimeUnit.MILLISECONDS)) {
			exitCode = process.exitValue();
		}
		return new Exit(exitCode, stoppedAfterResult, Text.tail(stderr.toString().strip(), STDERR_TAIL),
				Duration.ofNanos(System.nanoTime() - started));
	}

	private static Thread reader(InputStream stream, boolean stderr, BlockingQueue<Line> lines, String name) {
		Thread thread = new Thread(() -> {
			try (Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
				readLines(reader, text -> lines.add(new Line(stderr, text, false)));
			}
			catch (IOException ex) {
				// The pipe broke because the process was killed: nothing more to read.
			}
			finally {
				lines.add(new Line(stderr, null, true));
			}
		}, name);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	/** Splits into lines at {@code \n} (a trailing {@code \r} dropped); a line beyond the limit is cut. */
	static void readLines(Reader reader, java.util.function.Consumer<String> consumer) throws IOException {
		char[] buffer = new char[8192];
		StringBuilder line = new StringBuilder();
		boolean cut = false;
		int read;
		while ((read = reader.read(buffer)) != -1) {
			int start = 0;
			for (int i = 0; i < read; i++) {
				if (buffer[i] == '\n') {
					append(line, buffer, start, i - start, cut);
					consumer.accept(finish(line));
					line.setLength(0);
					cut = false;
					start = i + 1;
				}
			}
			append(line, buffer, start, read - start, cut);
			if (line.length() >= MAX_LINE) {
				cut = true;
			}
		}
		if (line.length() > 0) {
			consumer.accept(finish(line));
		}
	}

	private static void append(StringBuilder line, char[] buffer, int start, int length, boolean cut) {
		if (!cut) {
			line.append(buffer, start, Math.min(length, Math.max(0, MAX_LINE - line.length())));
		}
	}

	private static String finish(StringBuilder line) {
		int end = line.length();
		if (end > 0 && line.charAt(end - 1) == '\r') {
			end--;
		}
		return line.substring(0, end);
	}

}
