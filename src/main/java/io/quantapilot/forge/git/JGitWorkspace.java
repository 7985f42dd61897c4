package io.quantapilot.forge.git;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

import org.eclipse.jgit.api.CreateBranchCommand.SetupUpstreamMode;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand.FastForwardMode;
import org.eclipse.jgit.api.ResetCommand.ResetType;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.CommitConfig.CleanupMode;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.util.io.DisabledOutputStream;

import io.quantapilot.forge.GitCredentials;
import io.quantapilot.forge.GitOperationException;
import io.quantapilot.forge.Identity;
import io.quantapilot.forge.MergeConflictException;
import io.quantapilot.forge.MergeResult;
import io.quantapilot.forge.RefConflictException;
import io.quantapilot.forge.Workspace;

/**
 * {@link Workspace} on JGit. Obtain one through {@link Workspace#open}.
 */
public final class JGitWorkspace implements Workspace {

	private static final String INITIAL_COMMIT_MESSAGE = "chore: initialise repository";

	private static final String REMOTE_PREFIX = WorkingCopies.REMOTE_PREFIX;

	private static final String ORIGIN_MAIN = REMOTE_PREFIX + MAIN;

	private final Path dir;

	private final Identity author;

	private final Git git;

	private final Repository repository;

	private final Origin origin;

	private boolean closed;

	private JGitWorkspace(Path dir, Identity author, Git git, Origin origin) {
		this.dir = dir;
		this.author = author;
		this.git = git;
		this.repository = git.getRepository();
		this.origin = origin;
	}

	/**
	 * Opens (cloning if needed) the working copy; see {@link Workspace#open(Path, URI, Identity,
	 * GitCredentials)} for the contract.
	 * @param dir working copy directory
	 * @param remote the repository to clone, without user information
	 * @param author identity for commits and tags
	 * @param credentials credentials for clone, fetch and push
	 * @return the open workspace
	 */
	public static Workspace open(Path dir, URI remote, Identity author, GitCredentials credentials) {
		Objects.requireNonNull(dir, "dir");
		Objects.requireNonNull(author, "author");
		Objects.requireNonNull(credentials, "credentials");
		String url = WorkingCopies.remoteUrl(remote);
		Path workDir = dir.toAbsolutePath().normalize();
		boolean freshClone = false;
		if (!WorkingCopies.isWorkingCopy(workDir)) {
			WorkingCopies.cloneInto(workDir, url, remote, author, credentials);
			freshClone = true;
		}
		WorkingCopies.removeStaleLocks(workDir.resolve(Constants.DOT_GIT));
		Git git;
		try {
			git = Git.open(workDir.toFile());
		}
		catch (IOException ex) {
			throw GitFailures.wrap("Cannot open working copy " + workDir, ex);
		}
		JGitWorkspace workspace = new JGitWorkspace(workDir, author, git, new Origin(git, remote, credentials));
		try {
			WorkingCopies.configure(workspace.repository, url, author);
			if (!freshClone) {
				workspace.origin.fetch();
			}
			workspace.ensureMain();
			return workspace;
		}
		catch (IOException ex) {
			workspace.close();
			throw GitFailures.wrap("Cannot configure working copy " + workDir, ex);
		}
		catch (RuntimeException ex) {
			workspace.close();
			throw ex;
		}
	}

	@Override
	public Path dir() {
		return this.dir;
	}

	@Override
	public void fetch() {
		this.origin.fetch();
	}

	@Override
	public void checkoutStageBranch(String branch) {
		requireBranchName(branch);
		this.origin.fetch();
		try {
			Ref local = this.repository.exactRef(Constants.R_HEADS + branch);
			Ref remote = this.repository.exactRef(REMOTE_PREFIX + branch);
			if (local != null) {
				this.git.checkout().setName(branch).call();
				if (remote != null) {
					fastForwardIfBehind(local.getObjectId(), remote);
				}
			}
			else if (remote != null) {
				// An earlier attempt (or a cloud agent) pushed the branch: continue from it.
				this.git.checkout()
					.setCreateBranch(true)
					.setName(branch)
					.setStartPoint(REMOTE_PREFIX + branch)
					.setUpstreamMode(SetupUpstreamMode.TRACK)
					.call();
			}
			else {
				this.git.checkout()
					.setCreateBranch(true)
					.setName(branch)
					.setStartPoint(requireOriginMain().name())
					.setUpstreamMode(SetupUpstreamMode.NOTRACK)
					.call();
			}
		}
		catch (GitAPIException | IOException ex) {
			throw GitFailures.wrap("Cannot check out " + branch, ex);
		}
	}

	@Override
	public boolean fastForwardTo(String branch) {
		requireBranchName(branch);
		this.origin.fetch();
		try {
			Ref remote = this.repository.exactRef(REMOTE_PREFIX + branch);
			Ref head = this.repository.exactRef(Constants.HEAD);
			if (remote == null || head == null || head.getObjectId() == null
					|| head.getObjectId().equals(remote.getObjectId())) {
				return false;
			}
			try (RevWalk walk = new RevWalk(this.repository)) {
				RevCommit local = walk.parseCommit(head.getObjectId());
				RevCommit theirs = walk.parseCommit(remote.getObjectId());
				if (walk.isMergedInto(theirs, local)) {
					// Nothing new there: this branch already holds the remote's commits.
					return false;
				}
				if (!walk.isMergedInto(local, theirs)) {
					throw new GitOperationException("Cannot take " + branch + " from " + Origin.NAME + ": it has "
							+ "diverged from " + this.repository.getBranch());
				}
			}
			this.git.merge().include(remote).setFastForward(FastForwardMode.FF_ONLY).call();
			return true;
		}
		catch (GitAPIException | IOException ex) {
			throw GitFailures.wrap("Cannot fast-forward to " + branch, ex);
		}
	}

	@Override
	public String currentBranch() {
		try {
			return this.repository.getBranch();
		}
		catch (IOException ex) {
			throw GitFailures.wrap("Cannot read the current branch", ex);
		}
	}

	@Override
	public void discardUncommitted() {
		try {
			this.git.reset().setMode(ResetType.HARD).setRef(Constants.HEAD).call();
			// setIgnore(false) removes ignored files too (build output, caches), so a retried
			// step cannot be influenced by what the failed attempt left behind.
			this.git.clean().setCleanDirectories(true).setIgnore(false).setForce(true).call();
		}
		catch (GitAPIException ex) {
			throw GitFailures.wrap("Cannot discard uncommitted changes in " + this.dir, ex);
		}
	}

	@Override
	public Optional<String> commitAll(String message) {
		requireMessage(message);
		try {
			this.git.add().addFilepattern(".").setAll(true).call();
			Status status = this.git.status().call();
			if (status.getAdded().isEmpty() && status.getChanged().isEmpty() && status.getRemoved().isEmpty()) {
				return Optional.empty();
			}
			return Optional.of(commit(message, false).name());
		}
		catch (GitAPIException ex) {
			throw GitFailures.wrap("Cannot commit in " + this.dir, ex);
		}
	}

	@Override
	public String commitEmpty(String message) {
		requireMessage(message);
		try {
			return commit(message, true).name();
		}
		catch (GitAPIException ex) {
			throw GitFailures.wrap("Cannot commit in " + this.dir, ex);
		}
	}

	@Override
	public void push(String branch) {
		requireBranchName(branch);
		try {
			if (this.repository.exactRef(Constants.R_HEADS + branch) == null) {
				throw new GitOperationException("Cannot push " + branch + ": no such local branch");
			}
		}
		catch (IOException ex) {
			throw GitFailures.wrap("Cannot push " + branch, ex);
		}
		WorkingCopies.guardHooks(this.repository);
		this.origin.push(new RefSpec(Constants.R_HEADS + branch + ":" + Constants.R_HEADS + branch), false);
		setUpstream(branch);
	}

	@Override
	public MergeResult squashMergeIntoMain(String branch, String message, String stageTrailerValue) {
		requireBranchName(branch);
		requireMessage(message);
		String trailerValue = StageTrailers.requireValue(stageTrailerValue);
		if (MAIN.equals(branch)) {
			throw new IllegalArgumentException("Cannot merge " + MAIN + " into itself");
		}
		this.origin.fetch();
		try {
			ObjectId mainHead = requireOriginMain();
			Optional<RevCommit> merged = StageTrailers.find(this.repository, mainHead, trailerValue);
			if (merged.isPresent()) {
				// An earlier attempt pushed main and died before (or while) cleaning up.
				finishMerge(branch, mainHead);
				return new MergeResult(merged.get().name(), true);
			}
			ObjectId source = resolveBranch(branch);
			ObjectId squash = createSquashCommit(branch, mainHead, source,
					StageTrailers.append(message, trailerValue));
			// The squash commit's parent is the remote main we merged into, so if main moved
			// meanwhile the push is rejected as non-fast-forward; a retry merges again.
			this.origin.push(new RefSpec(squash.name() + ":" + Constants.R_HEADS + MAIN), true);
			finishMerge(branch, squash);
			return new MergeResult(squash.name(), false);
		}
		catch (IOException | GitAPIException ex) {
			throw GitFailures.wrap("Cannot merge " + branch + " into " + MAIN, ex);
		}
	}

	@Override
	public Optional<String> findMainCommitWithTrailer(String trailerValue) {
		String value = StageTrailers.requireValue(trailerValue);
		this.origin.fetch();
		try {
			Ref main = this.repository.exactRef(ORIGIN_MAIN);
			if (main == null) {
				return Optional.empty();
			}
			return StageTrailers.find(this.repository, main.getObjectId(), value).map(RevCommit::name);
		}
		catch (IOException ex) {
			throw GitFailures.wrap("Cannot search " + MAIN + " for stage " + value, ex);
		}
	}

	@Override
	public void tag(String name, String message) {
		if (name == null || !Repository.isValidRefName(Constants.R_TAGS + name)) {
			throw new IllegalArgumentException("Invalid tag name '" + name + "'");
		}
		requireMessage(message);
		this.origin.fetch();
		String ref = Constants.R_TAGS + name;
		try (RevWalk walk = new RevWalk(this.repository)) {
			RevCommit target = walk.parseCommit(requireOriginMain());
			Optional<Ref> published = this.origin.list(false, true).stream()
				.filter(r -> r.getName().equals(ref))
				.findFirst();
			if (published.isPresent()) {
				// Mirror the published tag so its target can be inspected, replacing any local
				// leftover of a failed attempt.
				this.origin.fetch(new RefSpec("+" + ref + ":" + ref));
				RevObject peeled = walk.peel(walk.parseAny(published.get().getObjectId()));
				if (!peeled.equals(target)) {
					throw new RefConflictException("Tag " + name + " already exists on " + peeled.name()
							+ ", not on the head of " + MAIN + " " + target.name(), false);
				}
				return;
			}
			this.git.tag()
				.setName(name)
				.setMessage(normalise(message))
				.setAnnotated(true)
				.setSigned(false)
				.setObjectId(target)
				.setTagger(ident())
				.setForceUpdate(true)
				.call();
			WorkingCopies.guardHooks(this.repository);
			this.origin.push(new RefSpec(ref + ":" + ref), false);
		}
		catch (IOException | GitAPIException ex) {
			throw GitFailures.wrap("Cannot tag " + name, ex);
		}
	}

	@Override
	public List<String> remoteBranches() {
		return this.origin.list(true, false).stream()
			.map(Ref::getName)
			.filter(n -> n.startsWith(Constants.R_HEADS))
			.map(n -> n.substring(Constants.R_HEADS.length()))
			.sorted()
			.toList();
	}

	@Override
	public String headCommit() {
		try {
			ObjectId head = this.repository.resolve(Constants.HEAD);
			if (head == null) {
				throw new GitOperationException("Working copy " + this.dir + " has no commit checked out");
			}
			return head.name();
		}
		catch (IOException ex) {
			throw GitFailures.wrap("Cannot resolve HEAD", ex);
		}
	}

	@Override
	public List<String> changedFilesSince(String commit) {
		Objects.requireNonNull(commit, "commit");
		try (RevWalk walk = new RevWalk(this.repository);
				DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
			ObjectId from = this.repository.resolve(commit);
			if (from == null) {
				throw new GitOperationException("Unknown commit " + commit);
			}
			diff.setRepository(this.repository);
			diff.setDetectRenames(false);
			List<DiffEntry> entries = diff.scan(walk.parseCommit(from).getTree(),
					walk.parseCommit(this.repository.resolve(Constants.HEAD)).getTree());
			TreeSet<String> paths = new TreeSet<>();
			for (DiffEntry entry : entries) {
				paths.add(entry.getChangeType() == DiffEntry.ChangeType.DELETE ? entry.getOldPath() : entry.getNewPath());
			}
			return List.copyOf(paths);
		}
		catch (IOException ex) {
			throw GitFailures.wrap("Cannot list changes since " + commit, ex);
		}
	}

	@Override
	public void close() {
		if (!this.closed) {
			this.closed = true;
			this.git.close();
		}
	}

	/**
	 * Makes sure {@code origin/main} exists. An empty remote gets an initial empty commit; a
	 * remote with history but another default branch (an imported repository) gets {@code main}
	 * branched from its default branch, so the project builds on that history. A workspace that
	 * made {@code main} but died before pushing pushes that same branch now.
	 */
	private void ensureMain() {
		try {
			if (this.repository.exactRef(ORIGIN_MAIN) != null) {
				if (this.repository.resolve(Constants.HEAD) == null) {
					// A fresh clone has nothing checked out yet.
					this.git.checkout()
						.setCreateBranch(true)
						.setName(MAIN)
						.setStartPoint(ORIGIN_MAIN)
						.setUpstreamMode(SetupUpstreamMode.TRACK)
						.call();
				}
				return;
			}
			if (this.repository.exactRef(Constants.R_HEADS + MAIN) == null) {
				Optional<ObjectId> start = remoteDefaultBranch();
				if (start.isPresent()) {
					this.git.checkout()
						.setCreateBranch(true)
						.setName(MAIN)
						.setStartPoint(start.get().name())
						.setUpstreamMode(SetupUpstreamMode.NOTRACK)
						.call();
				}
				else if (this.repository.resolve(Constants.HEAD) == null) {
					RefUpdate head = this.repository.updateRef(Constants.HEAD);
					head.disableRefLog();
					head.link(Constants.R_HEADS + MAIN);
					commit(INITIAL_COMMIT_MESSAGE, true);
				}
				else {
					throw new GitOperationException("Working copy " + this.dir + " has commits but no " + MAIN
							+ " branch while the remote is empty");
				}
			}
			WorkingCopies.guardHooks(this.repository);
			this.origin.push(new RefSpec(Constants.R_HEADS + MAIN + ":" + Constants.R_HEADS + MAIN), true);
			setUpstream(MAIN);
		}
		catch (IOException | GitAPIException ex) {
			throw GitFailures.wrap("Cannot initialise " + MAIN + " of " + this.dir, ex);
		}
	}

	/**
	 * The tip of the remote's default branch: what its {@code HEAD} points at, or its only
	 * branch. Empty for a remote without branches.
	 */
	private Optional<ObjectId> remoteDefaultBranch() throws IOException {
		List<Ref> branches = new ArrayList<>(this.repository.getRefDatabase().getRefsByPrefix(REMOTE_PREFIX));
		branches.removeIf(r -> r.getName().equals(REMOTE_PREFIX + Constants.HEAD));
		if (branches.isEmpty()) {
			return Optional.empty();
		}
		Optional<ObjectId> head = this.origin.head();
		if (head.isPresent()) {
			return head;
		}
		if (branches.size() == 1) {
			return Optional.of(branches.get(0).getObjectId());
		}
		throw new GitOperationException("Remote has several branches, no " + MAIN
				+ " and no default branch to start " + MAIN + " from");
	}

	private RevCommit commit(String message, boolean allowEmpty) throws GitAPIException {
		WorkingCopies.guardHooks(this.repository);
		PersonIdent ident = ident();
		return this.git.commit()
			.setMessage(normalise(message))
			.setCleanupMode(CleanupMode.VERBATIM)
			.setAuthor(ident)
			.setCommitter(ident)
			.setAllowEmpty(allowEmpty)
			// A user's commit.gpgSign must not make the platform's commits fail or prompt.
			.setSign(Boolean.FALSE)
			.setNoVerify(true)
			.call();
	}

	private ObjectId createSquashCommit(String branch, ObjectId mainHead, ObjectId source, String message)
			throws IOException {
		try (RevWalk walk = new RevWalk(this.repository); ObjectInserter inserter = this.repository.newObjectInserter()) {
			RevCommit base = walk.parseCommit(mainHead);
			RevCommit tip = walk.parseCommit(source);
			// Merging on objects rather than in the working tree: uncommitted leftovers cannot
			// leak into main, and a conflict leaves no half-merged files to clean up.
			ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(this.repository, true);
			if (!merger.merge(base, tip)) {
				List<String> conflicts = new ArrayList<>(merger.getUnmergedPaths());
				if (merger.getFailingPaths() != null) {
					conflicts.addAll(merger.getFailingPaths().keySet());
				}
				throw new MergeConflictException(branch, conflicts.stream().distinct().sorted().toList());
			}
			PersonIdent ident = ident();
			CommitBuilder commit = new CommitBuilder();
			commit.setTreeId(merger.getResultTreeId());
			commit.setParentId(base);
			commit.setAuthor(ident);
			commit.setCommitter(ident);
			commit.setMessage(message);
			ObjectId id = inserter.insert(commit);
			inserter.flush();
			return id;
		}
	}

	/** Deletes the stage branch everywhere and puts the working copy on main at {@code mainHead}. */
	private void finishMerge(String branch, ObjectId mainHead) throws IOException, GitAPIException {
		this.origin.push(new RefSpec(":" + Constants.R_HEADS + branch), false);
		deleteRef(REMOTE_PREFIX + branch);
		if (MAIN.equals(this.repository.getBranch())) {
			this.git.reset().setMode(ResetType.HARD).setRef(mainHead.name()).call();
		}
		else {
			RefUpdate update = this.repository.updateRef(Constants.R_HEADS + MAIN);
			update.setNewObjectId(mainHead);
			update.setForceUpdate(true);
			update.setRefLogMessage("squash merge of " + branch, false);
			requireUpdated(update.update(), Constants.R_HEADS + MAIN);
			this.git.checkout().setName(MAIN).setForced(true).call();
		}
		setUpstream(MAIN);
		if (this.repository.exactRef(Constants.R_HEADS + branch) != null) {
			this.git.branchDelete().setBranchNames(Constants.R_HEADS + branch).setForce(true).call();
		}
	}

	private void fastForwardIfBehind(ObjectId local, Ref remote) throws IOException, GitAPIException {
		if (local.equals(remote.getObjectId())) {
			return;
		}
		try (RevWalk walk = new RevWalk(this.repository)) {
			if (walk.isMergedInto(walk.parseCommit(local), walk.parseCommit(remote.getObjectId()))) {
				this.git.merge().include(remote).setFastForward(FastForwardMode.FF_ONLY).call();
			}
		}
	}

	/**
	 * The tip to merge: whichever of the local and the remote branch contains the other, so
	 * neither unpushed local commits nor commits pushed from elsewhere (a cloud agent works on
	 * the remote directly) are left out. Diverged branches are refused rather than half merged.
	 */
	private ObjectId resolveBranch(String branch) throws IOException {
		Ref local = this.repository.exactRef(Constants.R_HEADS + branch);
		Ref remote = this.repository.exactRef(REMOTE_PREFIX + branch);
		if (local == null && remote == null) {
			throw new GitOperationException("Cannot merge " + branch + ": the branch exists neither locally nor on "
					+ Origin.NAME + ", and " + MAIN + " has no commit for this stage");
		}
		if (local == null || remote == null || local.getObjectId().equals(remote.getObjectId())) {
			return (local != null) ? local.getObjectId() : remote.getObjectId();
		}
		try (RevWalk walk = new RevWalk(this.repository)) {
			RevCommit localTip = walk.parseCommit(local.getObjectId());
			RevCommit remoteTip = walk.parseCommit(remote.getObjectId());
			if (walk.isMergedInto(localTip, remoteTip)) {
				return remoteTip;
			}
			walk.reset();
			if (walk.isMergedInto(remoteTip, localTip)) {
				return localTip;
			}
		}
		throw new RefConflictException("Cannot merge " + branch + ": the local branch and " + Origin.NAME + "/"
				+ branch + " have diverged", false);
	}

	private ObjectId requireOriginMain() throws IOException {
		Ref main = this.repository.exactRef(ORIGIN_MAIN);
		if (main == null) {
			throw new GitOperationException(Origin.NAME + "/" + MAIN + " does not exist");
		}
		return main.getObjectId();
	}

	private void deleteRef(String name) throws IOException {
		if (this.repository.exactRef(name) == null) {
			return;
		}
		RefUpdate update = this.repository.updateRef(name);
		update.setForceUpdate(true);
		requireUpdated(update.delete(), name);
	}

	private static void requireUpdated(RefUpdate.Result result, String ref) {
		switch (result) {
			case NEW, FORCED, FAST_FORWARD, NO_CHANGE -> {
				// updated, or already there
			}
			default -> throw new GitOperationException("Cannot update " + ref + ": " + result, null,
					result == RefUpdate.Result.LOCK_FAILURE);
		}
	}

	private void setUpstream(String branch) {
		try {
			StoredConfig config = this.repository.getConfig();
			config.setString(ConfigConstants.CONFIG_BRANCH_SECTION, branch, ConfigConstants.CONFIG_KEY_REMOTE,
					Origin.NAME);
			config.setString(ConfigConstants.CONFIG_BRANCH_SECTION, branch, ConfigConstants.CONFIG_KEY_MERGE,
					Constants.R_HEADS + branch);
			config.save();
		}
		catch (IOException ex) {
			throw GitFailures.wrap("Cannot record the upstream of " + branch, ex);
		}
	}

	private PersonIdent ident() {
		return new PersonIdent(this.author.name(), this.author.email());
	}

	private static String normalise(String message) {
		return message.strip() + "\n";
	}

	private static void requireMessage(String message) {
		if (message == null || message.isBlank()) {
			throw new IllegalArgumentException("message must not be blank");
		}
	}

	private static void requireBranchName(String branch) {
		if (branch == null || !Repository.isValidRefName(Constants.R_HEADS + branch)) {
			throw new IllegalArgumentException("Invalid branch name '" + branch + "'");
		}
	}

}
