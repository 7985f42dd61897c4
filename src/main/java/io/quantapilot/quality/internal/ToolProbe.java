package io.quantapilot.quality.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.quantapilot.common.ProcessTree;

/**
 * Checks whether a tool is usable by running a harmless command such as
 * {@code python3 -m pytest --version}.
 */
public final class ToolProbe {

	private static final long TIMEOUT_SECONDS = 30;

	private ToolProbe() {
	}

	/**
	 * Runs a command and reports whether it exited with 0 in time. It runs in the temp directory,
	 * never in the project: {@code python3 -m pytest} puts the working directory first on the
	 * module path, so a {@code pytest.py} in a generated project would run outside the sandbox.
	 *
	 * @param argv the command
	 * @return whether it succeeded
	 */
	public static boolean succeeds(List<String> argv) {
		try {
			Process process = new ProcessBuilder(argv).directory(Path.of(System.getProperty("java.io.tmpdir")).toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			process.getOutputStream().close();
			if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				ProcessTree.kill(List.of(process.toHandle()), java.time.Duration.ofSeconds(1));
				return false;
			}
			return process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
