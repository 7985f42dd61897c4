package io.quantapilot.forge;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.quantapilot.forge.git.JGitWorkspace;

/**
 * A project's working copy: a non-bare clone of the project repository where agents write files
 * and the platform commits, pushes and merges them stage by stage.
 * <p>
 * Every operation is idempotent: a workflow step that crashed at any point and is retried finds
 * the effect of its earlier attempt (the branch, the commit, the merge, the tag) and completes it
 * instead of repeating it. Operations that talk to {@code origin} fetch first, so decisions rest
 * on the remote's current state rather than on what this copy saw last.
 * <p>
 * A workspace is not thread-safe: one worker drives a project at a time. Close it to release the
 * repository handle; the files stay on disk.
 */
public interface Workspace extends AutoCloseable {

	/** The integration branch every stage branch starts from and is merged into. */
	String MAIN = "main";

	/** Git trailer key that marks the squash commit of a stage on {@code main}. */
	String STAGE_TRAILER = "QuantaPilot-Stage";

	/**
	 * Opens the working copy in {@code dir} for anonymous remotes such as the local forge.
	 * @param dir working copy directory
	 * @param remote the repository to clone: a bare repository path as a {@code file:} URI, or a
	 * remote URL without user information
	 * @param author identity for commits and tags
	 * @return the open workspace
	 * @see #open(Path, URI, Identity, GitCredentials)
	 */
	static Workspace open(Path dir, URI remote, Identity author) {
		return open(dir, remote, author, GitCredentials.none());
	}

	/**
	 * Opens the working copy in {@code dir}, cloning {@code remote} when there is none yet and
	 * fetching otherwise. A remote without commits gets an initial empty commit on {@code main}
	 * ({@code chore: initialise repository}); a remote whose default branch has another name gets
	 * {@code main} branched from it. Either way every later step can branch from
	 * {@code origin/main}.
	 * @param dir working copy directory; created if missing, must be empty or a working copy
	 * @param remote the repository to clone; must not carry user information (credentials go
	 * through {@code credentials} so they never reach {@code .git/config})
	 * @param author identity for commits and tags
	 * @param credentials credentials for clone, fetch and push
	 * @return the open workspace
	 * @throws GitOperationException if cloning, fetching or initialising fails
	 */
	static Workspace open(Path dir, URI remote, Identity author, GitCredentials credentials) {
		return JGitWorkspace.open(dir, remote, author, credentials);
	}

	/**
	 * The working copy directory.
	 * @return the directory
	 */
	Path dir();

	/**
	 * Updates the remote-tracking branches from {@code origin}, dropping those deleted there.
	 */
	void fetch();

	/**
	 * Checks out a stage branch, creating it when needed: an existing local branch is checked out
	 * (and fast-forwarded when the remote branch is strictly ahead of it); a branch that exists
	 * only on the remote is checked out tracking it; otherwise the branch is created from the
	 * latest {@code origin/main}. {@link #MAIN} itself is accepted too, for work committed straight
	 * to it (the plan): it is checked out and brought up to {@code origin/main}.
	 * @param branch branch name, such as {@code feature/stage-1-skeleton}, or {@code main}
	 * @throws GitOperationException if uncommitted changes would be overwritten
	 */
	void checkoutStageBranch(String branch);

	/**
	 * Brings work pushed to {@code origin/<branch>} from elsewhere (a cloud agent) into the checked-out
	 * branch: fetches, and fast-forwards the current branch to {@code origin/<branch>} when that contains it
	 * and is ahead. Nothing happens when the remote branch does not exist or has nothing new, so calling it
	 * again (a retried step) is harmless.
	 * @param branch the remote branch, such as {@code feature/stage-1-skeleton}
	 * @return whether the current branch moved
	 * @throws GitOperationException if the branches have diverged or uncommitted changes would be
	 * overwritten
	 */
	boolean fastForwardTo(String branch);

	/**
	 * The branch currently checked out.
	 * @return the short branch name
	 */
	String currentBranch();

	/**
	 * Throws away every uncommitted change: tracked files are reset to {@code HEAD}; untracked
	 * and ignored files and directories are deleted, so a retried step starts exactly from the
	 * last commit. The {@code .git} directory is never touched.
	 */
	void discardUncommitted();

	/**
	 * Stages all changes (new, modified and deleted files, honouring {@code .gitignore}) and
	 * commits them with the workspace identity.
	 * @param message commit message, a conventional commit such as {@code feat: add greeting}
	 * @return the new commit id, or empty when there was nothing to commit (which is also the
	 * answer when a retried step had already committed the same changes)
	 */
	Optional<String> commitAll(String message);

	/**
	 * Commits nothing: a commit with the tree of {@code HEAD}, which gives the branch a new head (CI
	 * runs again on a new head, not on one it already judged).
	 * @param message commit message
	 * @return the new commit id
	 */
	String commitEmpty(String message);

	/**
	 * Pushes a branch to {@code origin} without force; pushing what the remote already has is a
	 * no-op.
	 * @param branch the local branch
	 * @throws RefConflictException if the remote branch has commits this one lacks
	 */
	void push(String branch);

	/**
	 * Squash-merges a stage branch into {@code main}: one commit whose tree is the merge of the
	 * branch into {@code origin/main}, whose message ends with the trailer
	 * {@code QuantaPilot-Stage: <stageTrailerValue>}; pushes {@code main}, deletes the branch on
	 * the remote and locally, and leaves the workspace on {@code main}.
	 * <p>
	 * If {@code origin/main} already has a commit with that trailer (an earlier attempt got as far
	 * as pushing), nothing is merged again: the branch deletion is completed and that commit is
	 * returned with {@link MergeResult#alreadyMerged()} set. The merge happens on git objects, not
	 * in the working tree, so uncommitted files do not take part; they are overwritten when the
	 * workspace switches to {@code main}. A branch without changes still gets its (empty) commit,
	 * so every stage is marked on {@code main}.
	 * @param branch the stage branch; of the local branch and {@code origin/<branch>}, the one
	 * that contains the other is merged
	 * @param message conventional commit message of the squash commit, without the trailer
	 * @param stageTrailerValue identifies the stage, for example {@code 3} or a stage key
	 * @return the squash commit
	 * @throws MergeConflictException if the branch does not merge cleanly into {@code main}
	 * @throws RefConflictException if {@code main} moved on the remote during the merge
	 * (transient), or the local and remote branch have diverged
	 */
	MergeResult squashMergeIntoMain(String branch, String message, String stageTrailerValue);

	/**
	 * Finds the commit on {@code origin/main} that carries
	 * {@code QuantaPilot-Stage: <trailerValue>}.
	 * @param trailerValue the stage trailer value
	 * @return the newest such commit id, or empty
	 */
	Optional<String> findMainCommitWithTrailer(String trailerValue);

	/**
	 * Creates an annotated tag on the head of {@code origin/main} and pushes it. A tag that
	 * already exists on the remote on that commit is accepted as done.
	 * @param name tag name, such as {@code v1.0.0}
	 * @param message tag message
	 * @throws RefConflictException if the tag exists on the remote on another commit
	 */
	void tag(String name, String message);

	/**
	 * The branches on {@code origin}, asked of the remote directly.
	 * @return short branch names, sorted
	 */
	List<String> remoteBranches();

	/**
	 * The commit checked out.
	 * @return the full commit id of {@code HEAD}
	 */
	String headCommit();

	/**
	 * Paths that differ between a commit and {@code HEAD}, committed changes only.
	 * @param commit a commit id or revision expression
	 * @return repository-relative paths (for deletions the old path), sorted
	 */
	List<String> changedFilesSince(String commit);

	/**
	 * Releases the repository handle; the working copy stays on disk.
	 */
	@Override
	void close();

}
