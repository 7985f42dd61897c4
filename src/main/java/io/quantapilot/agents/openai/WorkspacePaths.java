package io.quantapilot.agents.openai;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Confines the model's paths to the workspace: relative paths without {@code ..}, absolute paths only when
 * they lie inside, nothing inside {@code .git}, and no way out through a symbolic link (the deepest existing
 * part of the path must really be inside; dangling links are refused, since writing through one would create
 * its target wherever it points).
 */
final class WorkspacePaths {

	private final Path root;

	private final Path given;

	WorkspacePaths(Path workspace) throws IOException {
		this.given = workspace.toAbsolutePath().normalize();
		this.root = workspace.toRealPath();
	}

	Path root() {
		return root;
	}

	/**
	 * Resolves a path the model named.
	 *
	 * @param path as the model wrote it
	 * @return the absolute path inside the workspace
	 * @throws ToolException explaining the refusal, for the model
	 */
	Path resolve(String path) throws ToolException {
		if (path == null || path.isBlank()) {
			throw new ToolException("a path is required");
		}
		Path named;
		try {
			named = Path.of(path.trim());
		}
		catch (InvalidPathException ex) {
			throw new ToolException("invalid path '" + path + "': " + ex.getReason());
		}
		if (named.isAbsolute()) {
			Path normalized = named.normalize();
			if (normalized.startsWith(root)) {
				named = root.relativize(normalized);
			}
			else if (normalized.startsWith(given)) {
				named = given.relativize(normalized);
			}
			else {
				throw new ToolException("'" + path + "' is outside the workspace; use a path relative to the "
						+ "workspace root");
			}
		}
		for (Path element : named) {
			if (element.toString().equals("..")) {
				throw new ToolException("'" + path + "' contains '..'; paths must stay inside the workspace, "
						+ "relative to its root");
			}
		}
		Path resolved = root.resolve(named).normalize();
		if (!resolved.startsWith(root)) {
			throw new ToolException("'" + path + "' is outside the workspace");
		}
		if (!resolved.equals(root) && root.relativize(resolved).getName(0).toString().equals(".git")) {
			throw new ToolException("'" + path + "' is inside .git, which the platform manages; leave it alone");
		}
		checkLinks(path, resolved);
		return resolved;
	}

	/** The workspace-relative form of a resolved path, with forward slashes. */
	String relative(Path resolved) {
		String relative = root.relativize(resolved).toString().replace('\\', '/');
		return relative.isEmpty() ? "." : relative;
	}

	private void checkLinks(String path, Path resolved) throws ToolException {
		for (Path current = resolved; current != null && current.startsWith(root); current = current.getParent()) {
			if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
				continue;
			}
			if (Files.isSymbolicLink(current) && !Files.exists(current)) {
				throw new ToolException("'" + path + "' goes through a dangling symbolic link; refused");
			}
			Path real;
			try {
				real = current.toRealPath();
			}
			catch (IOException ex) {
				throw new ToolException("'" + path + "' cannot be resolved: " + ex.getMessage());
			}
			if (!real.startsWith(root)) {
				throw new ToolException("'" + path + "' leads outside the workspace through a symbolic link; refused");
			}
			return;
		}
	}

}
