package io.quantapilot.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Ends process trees (agent CLIs, test runs). Killing only the started process would leave its children running (a
 * forked test JVM, a dev server started by a test) and holding the output pipe, so the whole tree
 * is asked to stop, given a grace period to clean up, then killed.
 */
public final class ProcessTree {

	private static final Duration FORCED_EXIT_WAIT = Duration.ofSeconds(2);

	private static final long POLL_MILLIS = 20;

	private ProcessTree() {
	}

	/**
	 * Returns a process and all its current descendants.
	 *
	 * @param root the process
	 * @return the process followed by its descendants
	 */
	public static Set<ProcessHandle> snapshot(ProcessHandle root) {
		Set<ProcessHandle> tree = new LinkedHashSet<>();
		tree.add(root);
		root.descendants().forEach(tree::add);
		return tree;
	}

	/**
	 * Terminates the given processes and their descendants: a polite signal first, then after the
	 * grace period a forced kill of whatever is left, including children forked in the meantime.
	 * A thread interrupted before the call still waits the grace period; an interrupt during it
	 * skips straight to the forced kill. The interrupt status is kept for the caller.
	 *
	 * @param processes the processes to end (already finished ones are ignored)
	 * @param grace how long to wait between the polite and the forced kill
	 */
	public static void kill(Collection<ProcessHandle> processes, Duration grace) {
		Set<ProcessHandle> targets = new LinkedHashSet<>();
		for (ProcessHandle process : processes) {
			if (isRunning(process)) {
				targets.addAll(snapshot(process));
			}
		}
		if (targets.isEmpty()) {
			return;
		}
		// A cancelled run arrives here with its interrupt flag set; clear it so the grace period
		// can still be waited, and restore it at the end.
		boolean interrupted = Thread.interrupted();
		targets.forEach(ProcessHandle::destroy);
		boolean interruptedDuringGrace = !awaitExit(targets, grace);
		Set<ProcessHandle> survivors = new LinkedHashSet<>();
		for (ProcessHandle target : targets) {
			if (isRunning(target)) {
				survivors.addAll(snapshot(target));
			}
		}
		survivors.forEach(ProcessHandle::destroyForcibly);
		boolean interruptedAgain = !awaitExit(survivors, FORCED_EXIT_WAIT);
		if (interrupted || interruptedDuringGrace || interruptedAgain) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Tells whether a process still runs code. A killed orphan stays a zombie until its new parent
	 * reaps it, and in containers whose PID 1 never reaps that is forever; waiting for a zombie to
	 * exit would only burn the grace period.
	 *
	 * @param process the process
	 * @return {@code false} once the process has exited, even if it was not reaped yet
	 */
	public static boolean isRunning(ProcessHandle process) {
		if (!process.isAlive()) {
			return false;
		}
		Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
		if (!Files.isReadable(stat)) {
			// Not Linux, or the process is gone: isAlive() is all there is to go by.
			return process.isAlive();
		}
		try {
			String content = Files.readString(stat);
			// The state follows the command name, which is in parentheses and may itself hold ')'.
			int end = content.lastIndexOf(')');
			return end < 0 || end + 2 >= content.length() || content.charAt(end + 2) != 'Z';
		}
		catch (IOException ex) {
			return process.isAlive();
		}
	}

	/** Waits for all processes to stop running or the time to run out; returns false when interrupted. */
	private static boolean awaitExit(Collection<ProcessHandle> processes, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (processes.stream().anyMatch(ProcessTree::isRunning)) {
			if (System.nanoTime() - deadline >= 0) {
				return true;
			}
			try {
				Thread.sleep(POLL_MILLIS);
			}
			catch (InterruptedException ex) {
				return false;
			}
		}
		return true;
	}

}
