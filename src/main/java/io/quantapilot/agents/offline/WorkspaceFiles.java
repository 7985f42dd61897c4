package io.quantapilot.agents.offline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Writes generated files into a workspace. Files whose content is already right are left
 * alone, so that writing a stage again touches nothing, not even modification times.
 */
final class WorkspaceFiles {

	private WorkspaceFiles() {
	}

	/** Writes the files and returns their paths relative to the workspace, in order. */
	static List<Path> write(Path workspace, List<GeneratedFile> files, Consumer<String> log) {
		Path root = workspace.toAbsolutePath().normalize();
		List<Path> written = new ArrayList<>(files.size());
		for (GeneratedFile file : files) {
			Path relative = Path.of(file.path());
			Path target = root.resolve(relative).normalize();
			if (relative.isAbsolute() || !target.startsWith(root)) {
				throw new IllegalStateException("Generated path escapes the workspace: " + file.path());
			}
			byte[] bytes = file.content().getBytes(StandardCharsets.UTF_8);
			try {
				if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), bytes)) {
					log.accept("unchanged " + file.path());
				}
				else {
					Files.createDirectories(target.getParent());
					Files.write(target, bytes);
					log.accept("wrote " + file.path() + " (" + bytes.length + " bytes)");
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot write " + target, ex);
			}
			written.add(relative);
		}
		return List.copyOf(written);
	}

	/** The text of a workspace file, if it exists. */
	static Optional<String> read(Path workspace, String path) {
		Path file = workspace.resolve(path);
		if (!Files.isRegularFile(file)) {
			return Optional.empty();
		}
		try {
			// lenient decoding: a README in another encoding must not stop the stage
			return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file, ex);
		}
	}

}
