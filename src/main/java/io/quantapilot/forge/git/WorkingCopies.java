package io.quantapilot.forge.git;

import java.io.IOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.util.FS;

import io.quantapilot.forge.GitCredentials;
import io.quantapilot.forge.GitOperationException;
import io.quantapilot.forge.Identity;
import io.quantapilot.forge.Workspace;

/**
 * Creating, recognising and configuring working copies on disk, apart from the git operations
 * done in them.
 */
final class WorkingCopies {

	static final String REMOTE_PREFIX = Constants.R_REMOTES + Origin.NAME + "/";

	/**
	 * Agents write inside the working copy and could plant a hook in {@code .git/hooks}; JGit
	 * would run it in the platform's process, outside any agent sandbox. Pointing the hooks path
	 * at a location that can never hold a file switches hooks off for JGit and the git CLI alike.
	 */
	private static final String DISABLED_HOOKS_PATH = "/dev/null";

	/**
	 * A lock file older than this was left by a process that died mid-write (JGit removes its
	 * locks even when an operation fails); younger ones may belong to a live process.
	 */
	private static final Duration STALE_LOCK_AGE = Duration.ofMinutes(1);

	private WorkingCopies() {
	}

	/**
	 * The URL written to {@code remote.origin.url}. Local repositories are stored as plain paths
	 * (readable by the git CLI too); user information is refused because it would put a secret
	 * into {@code .git/config}.
	 */
	static String remoteUrl(URI remote) {
		Objects.requireNonNull(remote, "remote");
		if (remote.getRawUserInfo() != null) {
			throw new IllegalArgumentException(
					"Remote URL must not contain user information; pass credentials through GitCredentials");
		}
		if (remote.getScheme() == null) {
			return Path.of(remote.getPath()).toAbsolutePath().normalize().toString();
		}
		if ("file".equalsIgnoreCase(remote.getScheme())) {
			return Path.of(remote).toAbsolutePath().normalize().toString();
		}
		return remote.toString();
	}

	static boolean isWorkingCopy(Path dir) {
		Path gitDir = dir.resolve(Constants.DOT_GIT);
		return Files.isDirectory(gitDir) && RepositoryCache.FileKey.isGitRepository(gitDir.toFile(), FS.DETECTED);
	}

	/**
	 * Clones {@code remote} into {@code dir}, leaving the checkout of {@code main} to the caller.
	 * <p>
	 * The clone is built beside {@code dir} and renamed into place, so a crash mid-clone never
	 * leaves a partial working copy that a retry would mistake for a finished one. It is an
	 * init, configure and fetch rather than JGit's clone so that the configuration (no hooks, no
	 * background garbage collection, which would otherwise still be writing into the directory
	 * as it is renamed) is in force before the first object arrives.
	 */
	static void cloneInto(Path dir, String url, URI remote, Identity author, GitCredentials credentials) {
		Path parent = dir.getParent();
		String stagingPrefix = "." + dir.getFileName() + ".clone-";
		Path staging = parent.resolve(stagingPrefix + UUID.randomUUID());
		try {
			if (Files.exists(dir) && !isEmptyDirectory(dir)) {
				throw new GitOperationException(dir + " exists and is not a git working copy");
			}
			Files.createDirectories(parent);
			deleteLeftovers(parent, stagingPrefix);
			try (Git git = Git.init().setDirectory(staging.toFile()).setInitialBranch(Workspace.MAIN).call()) {
				configure(git.getRepository(), url, author);
				new Origin(git, remote, credentials).fetch();
			}
			Files.deleteIfExists(dir);
			try {
				Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(staging, dir);
			}
		}
		catch (IOException | GitAPIException ex) {
			throw GitFailures.wrap("Cannot clone " + url + " into " + dir, ex);
		}
		finally {
			BareRepositories.deleteQuietly(staging);
		}
	}

	/** Writes the platform's settings into the working copy; safe to repeat on every open. */
	static void configure(Repository repository, String url, Identity author) throws IOException {
		StoredConfig config = repository.getConfig();
		config.setString(ConfigConstants.CONFIG_REMOTE_SECTION, Origin.NAME, ConfigConstants.CONFIG_KEY_URL, url);
		config.setString(ConfigConstants.CONFIG_REMOTE_SECTION, Origin.NAME, "fetch",
				"+" + Constants.R_HEADS + "*:" + REMOTE_PREFIX + "*");
		// Agent CLIs that commit through the git CLI need an identity; give them ours.
		config.setString(ConfigConstants.CONFIG_USER_SECTION, null, ConfigConstants.CONFIG_KEY_NAME, author.name());
		config.setString(ConfigConstants.CONFIG_USER_SECTION, null, ConfigConstants.CONFIG_KEY_EMAIL, author.email());
		config.setString(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_HOOKS_PATH,
				DISABLED_HOOKS_PATH);
		// JGit otherwise collects garbage on a background thread after fetches, racing with
		// whatever happens next to the directory (a rename, a cleanup, the next operation).
		config.setBoolean(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTODETACH, false);
		config.save();
	}

	/** Re-asserts the disabled hooks path, which an agent may have changed, before JGit could run a hook. */
	static void guardHooks(Repository repository) {
		StoredConfig config = repository.getConfig();
		try {
			config.load();
			if (!DISABLED_HOOKS_PATH.equals(config.getString(ConfigConstants.CONFIG_CORE_SECTION, null,
					ConfigConstants.CONFIG_KEY_HOOKS_PATH))) {
				config.setString(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_HOOKS_PATH,
						DISABLED_HOOKS_PATH);
				config.save();
			}
		}
		catch (IOException | ConfigInvalidException ex) {
			throw GitFailures.wrap("Cannot read the configuration of " + repository.getDirectory(), ex);
		}
	}

	/**
	 * When this process first used a working copy: a lock file older than that was left by a process that
	 * is gone (killed while it held the lock). A working copy is used by one process at a time — the
	 * standalone server, or in a split deployment the agents process holding the lease of its project's
	 * step — so this holds on a shared data directory too. Not the operating system's start time of the
	 * process: that is exact only to about a second, and a lock written just before a kill could look
	 * younger than the process that replaces it.
	 */
	private static final Instant PROCESS_START = Instant.now();

	/**
	 * Removes lock files a dead process left in the git directory: they would make every later
	 * write fail with "cannot lock". Only old ones go (older than a minute, or than this process), so a
	 * live writer keeps its lock.
	 */
	static void removeStaleLocks(Path gitDir) {
		Instant aMinuteAgo = Instant.now().minus(STALE_LOCK_AGE);
		Instant staleBefore = PROCESS_START.isAfter(aMinuteAgo) ? PROCESS_START : aMinuteAgo;
		// Locks live beside the files they guard: index, HEAD, config, packed-refs at the top,
		// branch and tag files under refs/. The object store is skipped; it is large and its
		// writes need no locks.
		List<Path> candidates = new ArrayList<>();
		try {
			try (DirectoryStream<Path> top = Files.newDirectoryStream(gitDir, "*.lock")) {
				top.forEach(candidates::add);
			}
			Path refs = gitDir.resolve("refs");
			if (Files.isDirectory(refs)) {
				try (Stream<Path> files = Files.walk(refs)) {
					files.filter(p -> p.getFileName().toString().endsWith(".lock")).forEach(candidates::add);
				}
			}
			for (Path lock : candidates) {
				if (Files.isRegularFile(lock) && Files.getLastModifiedTime(lock).toInstant().isBefore(staleBefore)) {
					Files.deleteIfExists(lock);
				}
			}
		}
		catch (IOException ex) {
			// A lock that stays is reported by the operation that trips over it.
		}
	}

	private static boolean isEmptyDirectory(Path dir) throws IOException {
		if (!Files.isDirectory(dir)) {
			return false;
		}
		try (Stream<Path> entries = Files.list(dir)) {
			return entries.findAny().isEmpty();
		}
	}

	private static void deleteLeftovers(Path parent, String stagingPrefix) throws IOException {
		try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(parent, stagingPrefix + "*")) {
			for (Path leftover : leftovers) {
				BareRepositories.deleteQuietly(leftover);
			}
		}
	}

}
