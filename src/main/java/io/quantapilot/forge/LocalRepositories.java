package io.quantapilot.forge;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import io.quantapilot.forge.git.BareRepositories;

/**
 * The embedded local forge: bare repositories stored at
 * {@code <reposRoot>/<owner>/<name>.git}, with {@code main} as their default branch.
 * <p>
 * Owner and repository names follow GitHub's alphabet ({@code [A-Za-z0-9._-]}) so a project can
 * move between forges unchanged; {@code ..} sequences and a leading {@code -} are refused
 * because they would escape the root or read as a command-line option to git.
 */
public final class LocalRepositories {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

	private static final String SUFFIX = ".git";

	private final Path root;

	/**
	 * Creates the forge over a root directory; the directory is created on first use.
	 * @param reposRoot directory holding one sub-directory per owner
	 */
	public LocalRepositories(Path reposRoot) {
		this.root = Objects.requireNonNull(reposRoot, "reposRoot").toAbsolutePath().normalize();
	}

	/**
	 * Whether a string may be used as an owner or repository name.
	 * @param name the candidate
	 * @return {@code true} if valid
	 */
	public static boolean isValidName(String name) {
		return name != null && NAME.matcher(name).matches() && !name.contains("..") && !name.equals(".")
				&& !name.startsWith("-");
	}

	/**
	 * The root directory of the forge.
	 * @return the absolute root
	 */
	public Path root() {
		return this.root;
	}

	/**
	 * Creates the bare repository, or returns it if it already exists.
	 * @param owner owner (user or organisation) name
	 * @param name repository name, without {@code .git}
	 * @return the repository directory
	 * @throws IllegalArgumentException if a name is invalid
	 * @throws GitOperationException if the repository cannot be created
	 */
	public Path create(String owner, String name) {
		Path target = pathOf(owner, name);
		if (BareRepositories.isBareRepository(target)) {
			return target;
		}
		if (Files.exists(target)) {
			throw new GitOperationException("Cannot create repository " + owner + "/" + name + ": "
					+ target + " exists and is not a bare git repository");
		}
		// Initialise beside the target and rename into place: a crash mid-way leaves only a
		// temporary directory, never a half-made repository that a retry would take as finished.
		// The temporary name never ends in ".git", so it cannot collide with a repository.
		Path staging = target.resolveSibling("." + name + ".creating-" + UUID.randomUUID());
		try {
			Files.createDirectories(target.getParent());
			BareRepositories.init(staging);
			moveIntoPlace(staging, target);
		}
		catch (FileAlreadyExistsException ex) {
			// Another caller won the race; its repository is as good as ours.
			if (!BareRepositories.isBareRepository(target)) {
				throw new GitOperationException("Cannot create repository " + owner + "/" + name + ": "
						+ target + " appeared and is not a bare git repository");
			}
		}
		catch (IOException ex) {
			throw new GitOperationException("Cannot create repository " + owner + "/" + name, ex, false);
		}
		finally {
			BareRepositories.deleteQuietly(staging);
		}
		return target;
	}

	/**
	 * Finds an existing bare repository.
	 * @param owner owner name
	 * @param name repository name, without {@code .git}
	 * @return the repository directory, or empty if there is none
	 * @throws IllegalArgumentException if a name is invalid
	 */
	public Optional<Path> find(String owner, String name) {
		Path target = pathOf(owner, name);
		return BareRepositories.isBareRepository(target) ? Optional.of(target) : Optional.empty();
	}

	/**
	 * Whether the bare repository exists.
	 * @param owner owner name
	 * @param name repository name, without {@code .git}
	 * @return {@code true} if it exists
	 * @throws IllegalArgumentException if a name is invalid
	 */
	public boolean exists(String owner, String name) {
		return find(owner, name).isPresent();
	}

	private Path pathOf(String owner, String name) {
		requireValid("owner", owner);
		requireValid("repository name", name);
		Path target = this.root.resolve(owner).resolve(name + SUFFIX).normalize();
		// The name rules already exclude separators and "..", this guards against a future
		// loosening of them.
		if (!target.getParent().getParent().equals(this.root)) {
			throw new IllegalArgumentException("Repository path escapes the forge root: " + owner + "/" + name);
		}
		return target;
	}

	private static void requireValid(String what, String value) {
		if (!isValidName(value)) {
			throw new IllegalArgumentException("Invalid " + what + " '" + value
					+ "': use 1-100 of A-Z a-z 0-9 . _ -, no '..', not starting with '-'");
		}
	}

	private static void moveIntoPlace(Path staging, Path target) throws IOException {
		try {
			Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException ex) {
			// Same parent directory, so this only happens on exotic file systems.
			Files.move(staging, target);
		}
	}

}
