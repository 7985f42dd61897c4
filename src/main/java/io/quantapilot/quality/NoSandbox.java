package io.quantapilot.quality;

import java.nio.file.Path;
import java.util.List;

/**
 * Runs commands unconfined, for hosts where bubblewrap is missing or not permitted (containers
 * without user namespaces, for instance).
 */
public final class NoSandbox implements Sandbox {

	/** The only instance. */
	public static final NoSandbox INSTANCE = new NoSandbox();

	private NoSandbox() {
	}

	@Override
	public String name() {
		return "none";
	}

	@Override
	public List<String> wrap(List<String> argv, Path workDir, List<Path> writablePaths) {
		return List.copyOf(argv);
	}

	@Override
	public String toString() {
		return "NoSandbox";
	}

}
