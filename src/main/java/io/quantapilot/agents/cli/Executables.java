package io.quantapilot.agents.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds a binary the way a shell would, so a missing CLI is reported as a configuration error before anything
 * runs, and the process is started from an absolute path (the JVM would otherwise search its own {@code PATH},
 * not the one given to the child).
 */
final class Executables {

	private Executables() {
	}

	/**
	 * Resolves a command: a name containing a slash is a path (relative to the server's working directory),
	 * anything else is looked up in the directories of {@code path}.
	 */
	static Optional<Path> find(String command, String path) {
		if (command == null || command.isBlank()) {
			return Optional.empty();
		}
		try {
			if (command.contains("/") || command.contains(File.separator)) {
				Path file = Path.of(command).toAbsolutePath();
				return isExecutable(file) ? Optional.of(file) : Optional.empty();
			}
			if (path == null) {
				return Optional.empty();
			}
			for (String dir : path.split(File.pathSeparator)) {
				if (dir.isEmpty()) {
					continue;
				}
				Path file = Path.of(dir, command).toAbsolutePath();
				if (isExecutable(file)) {
					return Optional.of(file);
				}
			}
		}
		catch (InvalidPathException ex) {
			return Optional.empty();
		}
		return Optional.empty();
	}

	private static boolean isExecutable(Path file) {
		return Files.isRegularFile(file) && Files.isExecutable(file);
	}

}
