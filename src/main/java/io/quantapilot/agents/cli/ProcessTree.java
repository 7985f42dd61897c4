package io.quantapilot.agents.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Ends process trees. An agent CLI starts children (a node runtime, shells, test runs, dev servers); stopping only
 * the CLI would leave them running and holding its output pipe. The whole tree gets a polite signal, a grace
 * period, then a forced kill of whatever is left, including children forked in the meantime.
 */
final class ProcessTree {

	private static final Duration FORCED_EXIT_WAIT = Duration.ofSeconds(2);

	private static final long POLL_MILLIS = 20;

	private ProcessTree() {
	}

	/** The process and all its current descendants. */
	static Set<ProcessHandle> snapshot(ProcessHandle root) {
		Set<ProcessHandle> tree = new LinkedHashSet<>();
		tree.add(root);
		root.descendants().forEach(tree::add);
		return tree;
	}

	/**
	 * Terminates the processes and their descendants. The caller's interrupt status is kept, but the grace period is
	 * waited even when it is set: a cancelled run arrives here interrupted and must still leave nothing behind.
	 */
	static void kill(Collection<ProcessHandle> processes, Duration grace) {
		Set<ProcessHandle> targets = new LinkedHashSet<>();
		for (ProcessHandle process : processes) {
			if (isRunning(process)) {
				targets.addAll(snapshot(process));
			}
		}
		if (targets.isEmpty()) {
			return;
		}
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
	 * Whether a process still runs code. A killed orphan stays a zombie until its new parent reaps it, which in a
	 * container whose PID 1 never reaps is forever; a zombie counts as gone.
	 */
	static boolean isRunning(ProcessHandle process) {
		if (!process.isAlive()) {
			return false;
		}
		Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
		if (!Files.isReadable(stat)) {
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

	/** Waits for all processes to stop running or the time to run out; false when interrupted. */
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
