package io.quantapilot.forge.git;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.util.FS;

import io.quantapilot.forge.GitOperationException;
import io.quantapilot.forge.Workspace;

/**
 * Creates and recognises the bare repositories of the local forge.
 */
public final class BareRepositories {

	private BareRepositories() {
	}

	/**
	 * Initialises a bare repository whose {@code HEAD} points at {@code refs/heads/main}.
	 * @param dir directory to create the repository in; must not exist or be empty
	 * @throws IOException if the repository cannot be written
	 */
	public static void init(Path dir) throws IOException {
		try (Git git = Git.init().setBare(true).setGitDir(dir.toFile()).setInitialBranch(Workspace.MAIN).call()) {
			StoredConfig config = git.getRepository().getConfig();
			// Pushes arrive only from platform workspaces through the file transport; the HTTP
			// endpoint is read-only, and a stock git http-backend should agree.
			config.setBoolean("http", null, "receivepack", false);
			// The platform never rewrites published history, so refuse it from anyone.
			config.setBoolean("receive", null, "denyNonFastForwards", true);
			// Bare repositories keep no reflog by default; keep one to recover from a bad push.
			config.setBoolean("core", null, "logAllRefUpdates", true);
			// Pushes run in the platform's process; collect garbage in the pushing thread rather
			// than on a background thread nobody waits for.
			config.setBoolean("gc", null, "autoDetach", false);
			config.save();
		}
		catch (GitAPIException ex) {
			throw new IOException("Cannot initialise bare repository at " + dir, ex);
		}
	}

	/**
	 * Copies a repository (all branches and tags) into a new bare repository, configured like the
	 * ones {@link #init} makes and without a remote, so the copy keeps no trace of where it came from.
	 * @param source URI of the repository to copy (a {@code file:} URI or an https URL)
	 * @param dir directory to create the copy in; must not exist or be empty
	 * @throws GitOperationException if the source cannot be cloned
	 * @throws IOException if the copy cannot be written
	 */
	public static void mirror(String source, Path dir) throws IOException {
		try (Git git = Git.cloneRepository().setURI(source).setBare(true).setDirectory(dir.toFile()).call()) {
			StoredConfig config = git.getRepository().getConfig();
			config.setBoolean("http", null, "receivepack", false);
			config.setBoolean("receive", null, "denyNonFastForwards", true);
			config.unsetSection("remote", "origin");
			config.save();
		}
		catch (GitAPIException ex) {
			throw new GitOperationException(ex.getMessage(), ex, false);
		}
	}

	/**
	 * Whether a directory holds a bare git repository.
	 * @param dir the candidate directory
	 * @return {@code true} if it is a git directory
	 */
	public static boolean isBareRepository(Path dir) {
		return Files.isDirectory(dir) && RepositoryCache.FileKey.isGitRepository(dir.toFile(), FS.DETECTED);
	}

	/**
	 * Deletes a directory tree if it exists, ignoring failures: used for leftovers whose removal
	 * is tidying, not correctness.
	 * @param dir the directory to delete
	 */
	public static void deleteQuietly(Path dir) {
		if (!Files.exists(dir)) {
			return;
		}
		try {
			Files.walkFileTree(dir, new SimpleFileVisitor<>() {

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
					Files.delete(file);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult postVisitDirectory(Path directory, IOException exc) throws IOException {
					Files.delete(directory);
					return FileVisitResult.CONTINUE;
				}

			});
		}
		catch (IOException ex) {
			// Leftovers only cost disk space; the caller's outcome does not depend on them.
		}
	}

}
