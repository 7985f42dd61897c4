package io.quantapilot.quality;

import java.nio.file.Path;
import java.util.List;

/**
 * How a test command is confined. A sandbox only rewrites the argument vector; the
 * {@link TestRunner} still starts, limits and kills the process.
 */
public interface Sandbox {

	/**
	 * Short name recorded in every {@link TestRun}.
	 *
	 * @return the sandbox's name, such as {@code bubblewrap} or {@code none}
	 */
	String name();

	/**
	 * Wraps a command so that it runs confined.
	 *
	 * @param argv the command to run
	 * @param workDir the project directory: the command's working directory, kept writable
	 * @param writablePaths further directories the command must be able to write (report
	 *     directories, for instance)
	 * @return the argument vector to start instead
	 */
	List<String> wrap(List<String> argv, Path workDir, List<Path> writablePaths);

	/**
	 * Picks bubblewrap with its defaults (network shared) when it is installed and actually runs
	 * here, else no sandbox. Each call starts a probe process: detect once and reuse the result.
	 *
	 * @return the strongest sandbox the host supports
	 */
	static Sandbox detect() {
		return detect(true);
	}

	/**
	 * Picks bubblewrap when it is installed and actually runs here, else no sandbox. Without
	 * bubblewrap the network cannot be withheld, which the returned {@link #name()} makes visible.
	 *
	 * @param network whether sandboxed commands may use the network
	 * @return the strongest sandbox the host supports
	 */
	static Sandbox detect(boolean network) {
		return BubblewrapSandbox.find().<Sandbox>map(sandbox -> sandbox.withNetwork(network)).orElse(NoSandbox.INSTANCE);
	}

}
