package io.quantapilot.agents.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quantapilot.agents.AgentRole;
import io.quantapilot.agents.spi.AgentEvents;
import io.quantapilot.agents.spi.AgentTask;
import io.quantapilot.common.ProcessTree;

/**
 * Stand-ins for agent CLIs: bash scripts, written into a temporary directory, that print a CLI's documented event
 * stream, write real files into the workspace like the agent would, and record the arguments and environment they
 * were started with.
 */
final class ScriptedCli {

	/** A tiny Python project with a passing unittest, as the scripted agents write it (bash). */
	static final String WRITE_PYTHON_PROJECT = """
			mkdir -p calc tests
			cat > calc/__init__.py <<'PY'
			def add(a, b):
			    return a + b
			PY
			: > tests/__init__.py
			cat > tests/test_calc.py <<'PY'
			import unittest

			from calc import add


			class AddTest(unittest.TestCase):

			    def test_adds_two_numbers(self):
			        self.assertEqual(add(2, 3), 5)


			if __name__ == "__main__":
			    unittest.main()
			PY
			""";

	private final Path dir;

	ScriptedCli(Path dir) {
		this.dir = dir;
	}

	/**
	 * Writes an executable script whose body runs after the arguments and environment are recorded.
	 *
	 * @return the script's path
	 */
	Path script(String name, String body) throws IOException {
		Path script = dir.resolve(name);
		String text = "#!/usr/bin/env bash\nset -e\n" + "printf '%s\\0' \"$@\" > '" + dir.resolve(name + ".args")
				+ "'\nenv > '" + dir.resolve(name + ".env") + "'\n" + body + "\n";
		Files.writeString(script, text, StandardCharsets.UTF_8);
		Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
		return script;
	}

	/** The arguments the script was last started with (without the program). */
	List<String> args(String name) throws IOException {
		String recorded = Files.readString(dir.resolve(name + ".args"), StandardCharsets.UTF_8);
		List<String> args = new ArrayList<>(Arrays.asList(recorded.split("\0", -1)));
		args.remove(args.size() - 1);
		return args;
	}

	/** The environment the script was last started with. */
	Map<String, String> env(String name) throws IOException {
		Map<String, String> env = new LinkedHashMap<>();
		for (String line : Files.readAllLines(dir.resolve(name + ".env"), StandardCharsets.UTF_8)) {
			int eq = line.indexOf('=');
			if (eq > 0) {
				env.put(line.substring(0, eq), line.substring(eq + 1));
			}
		}
		return env;
	}

	Path dir() {
		return dir;
	}

	/** A server environment for the provider: this machine's PATH and HOME plus the given variables. */
	static Map<String, String> serverEnvironment(String... pairs) {
		Map<String, String> env = new LinkedHashMap<>();
		env.put("PATH", System.getenv("PATH"));
		env.put("HOME", System.getProperty("user.home"));
		for (int i = 0; i < pairs.length; i += 2) {
			env.put(pairs[i], pairs[i + 1]);
		}
		return env;
	}

	static AgentTask developerTask(Path workspace, Duration timeout) {
		return new AgentTask(java.util.UUID.randomUUID(), 1, AgentRole.DEVELOPER, workspace,
				"# Calc\n\nA tiny Python calculator with an add function.", "", "",
				"Implement stage 1: an add function with a unittest.", null, timeout);
	}

	/** Runs the workspace's Python tests for real; returns the exit code and output. */
	static String[] runPythonTests(Path workspace) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("python3", "-m", "unittest", "discover", "-s", "tests", "-t", ".", "-v")
			.directory(workspace.toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			return new String[] { "timeout", output };
		}
		return new String[] { Integer.toString(process.exitValue()), output };
	}

	/** Whether a process id (as written by a script) still runs code. */
	static boolean running(Path pidFile) throws IOException {
		long pid = Long.parseLong(Files.readString(pidFile).strip());
		return ProcessHandle.of(pid).map(ProcessTree::isRunning).orElse(false);
	}

	/** Collects what a provider reports, as the run's ledger would. */
	static final class RecordedEvents implements AgentEvents {

		final List<String[]> events = new java.util.concurrent.CopyOnWriteArrayList<>();

		final List<long[]> usage = new java.util.concurrent.CopyOnWriteArrayList<>();

		final List<Boolean> estimated = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Override
		public void emit(String type, String message) {
			events.add(new String[] { type, message });
		}

		@Override
		public void usage(long inputTokens, long outputTokens, long cachedTokens, boolean estimated) {
			usage.add(new long[] { inputTokens, outputTokens, cachedTokens });
			this.estimated.add(estimated);
		}

		List<String> lines() {
			return events.stream().map(e -> e[0] + ": " + e[1]).toList();
		}

		String all() {
			return String.join("\n", lines());
		}

		long[] totalUsage() {
			long[] total = new long[3];
			for (long[] u : usage) {
				for (int i = 0; i < 3; i++) {
					total[i] += u[i];
				}
			}
			return total;
		}

	}

}
