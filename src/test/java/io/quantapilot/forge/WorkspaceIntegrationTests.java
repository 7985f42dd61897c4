package io.quantapilot.forge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Drives workspaces against a bare repository of the local forge and checks the results with
 * the real git command line.
 */
class WorkspaceIntegrationTests {

	private static final Identity BOT = new Identity("QuantaPilot", "bot@quantapilot.local");

	private static final String STAGE_1 = "feature/stage-1-skeleton";

	private static final String STAGE_2 = "feature/stage-2-greeting";

	@TempDir
	Path temp;

	private Path bare;

	private URI remote;

	private GitCli git;

	private final List<Workspace> opened = new ArrayList<>();

	@BeforeEach
	void createRemote() {
		this.bare = new LocalRepositories(this.temp.resolve("repos")).create("acme", "app");
		this.remote = this.bare.toUri();
		this.git = new GitCli(this.temp.resolve("home"));
	}

	@AfterEach
	void closeWorkspaces() {
		this.opened.forEach(Workspace::close);
	}

	@Nested
	class Opening {

		@Test
		void emptyRemoteGetsAnInitialCommitOnMain() {
			Workspace workspace = open("ws");

			assertThat(workspace.currentBranch()).isEqualTo("main");
			assertThat(workspace.remoteBranches()).containsExactly("main");
			assertThat(mainLog()).containsExactly("chore: initialise repository");
			assertThat(bareGit("log", "-1", "--format=%an <%ae>|%cn <%ce>", "main"))
				.isEqualTo("QuantaPilot <bot@quantapilot.local>|QuantaPilot <bot@quantapilot.local>");
			assertThat(workspace.headCommit()).isEqualTo(bareGit("rev-parse", "main"));
		}

		@Test
		void reopeningFindsTheCloneAndAddsNothing() {
			String head = open("ws").headCommit();
			String again = open("ws").headCommit();
			Workspace other = open("other");

			assertThat(again).isEqualTo(head);
			assertThat(other.headCommit()).isEqualTo(head);
			assertThat(mainLog()).hasSize(1);
		}

		@Test
		void initialCommitThatWasNotPushedBeforeACrashIsPushedNotRepeated() {
			Path dir = temp.resolve("ws");
			git.run(temp, "clone", "-q", bare.toString(), dir.toString());
			git.run(dir, "symbolic-ref", "HEAD", "refs/heads/main");
			git.run(dir, "commit", "-q", "--allow-empty", "-m", "chore: initialise repository");
			String unpushed = git.run(dir, "rev-parse", "HEAD");

			Workspace workspace = open("ws");

			assertThat(workspace.headCommit()).isEqualTo(unpushed);
			assertThat(bareGit("rev-parse", "main")).isEqualTo(unpushed);
			assertThat(mainLog()).hasSize(1);
		}

		@Test
		void staleLockFilesOfADeadProcessAreRemoved() throws IOException {
			open("ws").close();
			Path lock = temp.resolve("ws/.git/index.lock");
			Files.writeString(lock, "");
			Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minus(Duration.ofMinutes(10))));

			Workspace workspace = open("ws");
			write(workspace, "a.txt", "a");

			assertThat(lock).doesNotExist();
			assertThat(workspace.commitAll("feat: add a")).isPresent();
		}

		@Test
		void importedHistoryWithAnotherDefaultBranchGetsMainFromIt() throws IOException {
			String trunk = pushForeignBranches("trunk", "develop");

			Workspace workspace = open("ws");

			assertThat(workspace.currentBranch()).isEqualTo("main");
			assertThat(workspace.headCommit()).isEqualTo(trunk);
			assertThat(bareGit("rev-parse", "main")).isEqualTo(trunk);
			assertThat(workspace.remoteBranches()).containsExactly("develop", "main", "trunk");
			assertThat(workspace.dir().resolve("imported.txt")).hasContent("old");
		}

		@Test
		void importedHistoryWithoutADefaultBranchIsRefused() throws IOException {
			pushForeignBranches("trunk", "develop");
			git.run(bare, "symbolic-ref", "HEAD", "refs/heads/nowhere");

			assertThatThrownBy(() -> open("ws")).isInstanceOf(GitOperationException.class)
				.hasMessageContaining("no default branch");
		}

		/** Pushes history made by someone else; the bare repository's HEAD is set to the first branch. */
		private String pushForeignBranches(String defaultBranch, String other) throws IOException {
			Path foreign = temp.resolve("foreign");
			Files.createDirectories(foreign);
			git.run(foreign, "init", "-q", "-b", defaultBranch);
			Files.writeString(foreign.resolve("imported.txt"), "old");
			git.run(foreign, "add", "imported.txt");
			git.run(foreign, "commit", "-q", "-m", "init");
			git.run(foreign, "branch", other);
			git.run(foreign, "push", "-q", bare.toString(), defaultBranch, other);
			git.run(bare, "symbolic-ref", "HEAD", "refs/heads/" + defaultBranch);
			return git.run(foreign, "rev-parse", "HEAD");
		}

		@Test
		void refusesADirectoryThatIsNotAWorkingCopy() throws IOException {
			Files.createDirectories(temp.resolve("ws"));
			Files.writeString(temp.resolve("ws/notes.txt"), "mine");

			assertThatThrownBy(() -> open("ws")).isInstanceOf(GitOperationException.class)
				.hasMessageContaining("not a git working copy");
			assertThat(temp.resolve("ws/notes.txt")).hasContent("mine");
		}

		@Test
		void clonesIntoAnExistingEmptyDirectory() throws IOException {
			Files.createDirectories(temp.resolve("ws"));

			assertThat(open("ws").currentBranch()).isEqualTo("main");
		}

		@Test
		void neverAcceptsCredentialsInTheRemoteUrl() {
			URI withToken = URI.create("https://x-access-token:s3cr3t@example.com/acme/app.git");

			assertThatIllegalArgumentException()
				.isThrownBy(() -> Workspace.open(temp.resolve("ws"), withToken, BOT))
				.withMessageNotContaining("s3cr3t");
			assertThat(temp.resolve("ws")).doesNotExist();
		}

		@Test
		void credentialsStayOutOfTheConfiguration() throws IOException {
			Workspace workspace = Workspace.open(temp.resolve("ws"), remote, BOT, GitCredentials.token(() -> "s3cr3t"));

			assertThat(Files.readString(workspace.dir().resolve(".git/config"))).doesNotContain("s3cr3t");
			assertThat(new GitCredentials.Credentials("user", "s3cr3t")).hasToString(
					"Credentials[username=user, secret=******]");
			workspace.close();
		}

	}

	@Nested
	class Branches {

		@Test
		void newStageBranchStartsFromTheLatestOriginMain() {
			Workspace first = open("first");
			Workspace second = open("second");
			mergeStage(second, STAGE_1, "one.txt", "1");

			first.checkoutStageBranch(STAGE_2);

			assertThat(first.currentBranch()).isEqualTo(STAGE_2);
			assertThat(first.headCommit()).isEqualTo(bareGit("rev-parse", "main"));
			assertThat(first.dir().resolve("one.txt")).hasContent("1");
		}

		@Test
		void checkingOutAgainKeepsTheLocalWork() {
			Workspace workspace = open("ws");
			workspace.checkoutStageBranch(STAGE_1);
			write(workspace, "a.txt", "a");
			String commit = workspace.commitAll("feat: add a").orElseThrow();

			workspace.checkoutStageBranch(STAGE_1);

			assertThat(workspace.headCommit()).isEqualTo(commit);
			assertThat(workspace.remoteBranches()).containsExactly("main");
		}

		@Test
		void branchThatExistsOnlyOnTheRemoteIsContinuedAndTracked() {
			Workspace first = open("first");
			first.checkoutStageBranch(STAGE_1);
			write(first, "a.txt", "a");
			String pushed = first.commitAll("feat: add a").orElseThrow();
			first.push(STAGE_1);

			Workspace second = open("second");
			second.checkoutStageBranch(STAGE_1);

			assertThat(second.headCommit()).isEqualTo(pushed);
			assertThat(git.run(second.dir(), "rev-parse", "--abbrev-ref", "@{upstream}"))
				.isEqualTo("origin/" + STAGE_1);
		}

		@Test
		void localBranchBehindTheRemoteIsFastForwarded() {
			Workspace first = open("first");
			first.checkoutStageBranch(STAGE_1);
			first.push(STAGE_1);
			Workspace second = open("second");
			second.checkoutStageBranch(STAGE_1);
			write(second, "b.txt", "b");
			String ahead = second.commitAll("feat: add b").orElseThrow();
			second.push(STAGE_1);

			first.checkoutStageBranch(STAGE_1);

			assertThat(first.headCommit()).isEqualTo(ahead);
		}

		@Test
		void workPushedToAnotherBranchByACloudAgentIsTakenByFastForward() {
			Workspace platform = open("platform");
			platform.checkoutStageBranch(Workspace.MAIN);
			String before = platform.headCommit();
			assertThat(platform.fastForwardTo("quantapilot/plan")).as("no such remote branch yet").isFalse();

			// The agent starts its own branch from main and pushes to it.
			Workspace agent = open("agent");
			agent.checkoutStageBranch("quantapilot/plan");
			write(agent, "plan.json", "{}");
			String pushed = agent.commitAll("docs: plan").orElseThrow();
			agent.push("quantapilot/plan");

			assertThat(platform.fastForwardTo("quantapilot/plan")).isTrue();
			assertThat(platform.currentBranch()).isEqualTo("main");
			assertThat(platform.headCommit()).isEqualTo(pushed).isNotEqualTo(before);
			assertThat(platform.dir().resolve("plan.json")).exists();
			// Taken already: a retried step changes nothing.
			assertThat(platform.fastForwardTo("quantapilot/plan")).isFalse();
			assertThat(platform.headCommit()).isEqualTo(pushed);
		}

		@Test
		void divergedBranchIsNotTakenHalfway() {
			Workspace platform = open("platform");
			platform.checkoutStageBranch(STAGE_1);
			Workspace agent = open("agent");
			agent.checkoutStageBranch(STAGE_1);
			write(agent, "theirs.txt", "theirs");
			agent.commitAll("feat: theirs").orElseThrow();
			agent.push(STAGE_1);
			write(platform, "ours.txt", "ours");
			String ours = platform.commitAll("feat: ours").orElseThrow();

			org.assertj.core.api.Assertions.assertThatThrownBy(() -> platform.fastForwardTo(STAGE_1))
				.isInstanceOf(GitOperationException.class)
				.hasMessageContaining("diverged");
			assertThat(platform.headCommit()).isEqualTo(ours);
		}

		@Test
		void mainIsCheckedOutAndBroughtUpToDate() {
			Workspace first = open("first");
			first.checkoutStageBranch(STAGE_1);
			Workspace second = open("second");
			MergeResult merged = mergeStage(second, STAGE_2, "two.txt", "2");

			first.checkoutStageBranch(Workspace.MAIN);

			assertThat(first.currentBranch()).isEqualTo("main");
			assertThat(first.headCommit()).isEqualTo(merged.commitId());
		}

		@Test
		void workCommittedStraightToMainIsPushedEvenAfterACrashBeforeThePush() {
			Workspace workspace = open("ws");
			workspace.checkoutStageBranch(Workspace.MAIN);
			write(workspace, "docs/plan.md", "plan");
			String plan = workspace.commitAll("docs(plan): architecture and stage plan").orElseThrow();
			workspace.close();

			Workspace retried = open("ws");
			retried.checkoutStageBranch(Workspace.MAIN);
			assertThat(retried.commitAll("docs(plan): architecture and stage plan")).isEmpty();
			retried.push(Workspace.MAIN);

			assertThat(bareGit("rev-parse", "main")).isEqualTo(plan);
		}

		@Test
		void refusesInvalidNames() {
			Workspace workspace = open("ws");

			assertThatIllegalArgumentException().isThrownBy(() -> workspace.checkoutStageBranch("bad..name"));
			assertThatIllegalArgumentException().isThrownBy(() -> workspace.checkoutStageBranch("with space"));
			assertThatIllegalArgumentException().isThrownBy(() -> workspace.checkoutStageBranch(null));
		}

	}

	@Nested
	class Commits {

		@Test
		void nothingChangedMeansNoCommit() {
			Workspace workspace = open("ws");
			workspace.checkoutStageBranch(STAGE_1);
			String head = workspace.headCommit();

			assertThat(workspace.commitAll("feat: nothing")).isEmpty();
			assertThat(workspace.headCommit()).isEqualTo(head);
		}

		@Test
		void stagesNewModifiedAndDeletedFiles() throws IOException {
			Workspace workspace = open("ws");
			workspace.checkoutStageBranch(STAGE_1);
			write(workspace, "keep.txt", "v1");
			write(workspace, "gone.txt", "bye");
			workspace.commitAll("feat: first files").orElseThrow();
			write(workspace, "keep.txt", "v2");
			Files.delete(workspace.dir().resolve("gone.txt"));
			write(workspace, "src/new.txt", "new");

			String commit = workspace.commitAll("feat: change files").orElseThrow();

			assertThat(commit).isEqualTo(workspace.headCommit());
			assertThat(git.run(workspace.dir(), "show", "--name-status", "--format=%s", commit).lines())
				.containsExactly("feat: change files", "", "D\tgone.txt", "M\tkeep.txt", "A\tsrc/new.txt");
			assertThat(git.run(workspace.dir(), "status", "--porcelain")).isEmpty();
			assertThat(workspace.commitAll("feat: again")).isEmpty();
		}

		@Test
		void pushIsIdempotentAndRejectsDivergedHistory() {
			Workspace first = open("first");
			first.checkoutStageBranch(STAGE_1);
			write(first, "a.txt", "a");
			String commit = first.commitAll("feat: add a").orElseThrow();

			first.push(STAGE_1);
			first.push(STAGE_1);

			assertThat(bareGit("rev-parse", STAGE_1)).isEqualTo(commit);
			assertThat(first.remoteBranches()).containsExactly(STAGE_1, "main");

			Workspace second = open("second");
			second.checkoutStageBranch(STAGE_1);
			write(second, "b.txt", "b");
			second.commitAll("feat: add b");
			second.push(STAGE_1);
			write(first, "c.txt", "c");
			first.commitAll("feat: add c");

			assertThatThrownBy(() -> first.push(STAGE_1)).isInstanceOf(RefConflictException.class);
		}

		@Test
		void discardsEveryUncommittedChangeButKeepsGitDir() throws IOException {
			Workspace workspace = open("ws");
			workspace.checkoutStageBranch(STAGE_1);
			write(workspace, ".gitignore", "build/\n");
			write(workspace, "tracked.txt", "committed");
			write(workspace, "removed.txt", "committed");
			String head = workspace.commitAll("chore: base").orElseThrow();
			write(workspace, "tracked.txt", "edited");
			Files.delete(workspace.dir().resolve("removed.txt"));
			write(workspace, "untracked.txt", "x");
			write(workspace, "deep/nested/dir/file.txt", "x");
			write(workspace, "build/output.bin", "x");

			workspace.discardUncommitted();

			assertThat(workspace.dir().resolve("tracked.txt")).hasContent("committed");
			assertThat(workspace.dir().resolve("removed.txt")).hasContent("committed");
			assertThat(workspace.dir().resolve("untracked.txt")).doesNotExist();
			assertThat(workspace.dir().resolve("deep")).doesNotExist();
			assertThat(workspace.dir().resolve("build")).doesNotExist();
			assertThat(workspace.dir().resolve(".git/HEAD")).exists();
			assertThat(workspace.headCommit()).isEqualTo(head);
			assertThat(git.run(workspace.dir(), "status", "--porcelain", "--ignored")).isEmpty();
		}

		@Test
		void hooksPlantedInTheWorkingCopyNeverRun() throws IOException {
			Workspace workspace = open("ws");
			workspace.checkoutStageBranch(STAGE_1);
			Path marker = temp.resolve("hook-ran");
			Path hooks = workspace.dir().resolve(".git/hooks");
			for (String hook : List.of("pre-commit", "commit-msg", "post-commit", "pre-push")) {
				Path script = hooks.resolve(hook);
				Files.createDirectories(hooks);
				Files.writeString(script, "#!/bin/sh\ntouch '" + marker + "'\n");
				Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
			}
			// An agent could also point git back at its hooks.
			git.run(workspace.dir(), "config", "core.hooksPath", hooks.toString());
			write(workspace, "a.txt", "a");

			workspace.commitAll("feat: add a").orElseThrow();
			workspace.push(STAGE_1);

			assertThat(marker).doesNotExist();
		}

		@Test
		void listsFilesChangedSinceACommit() {
			Workspace workspace = open("ws");
			String start = workspace.headCommit();
			workspace.checkoutStageBranch(STAGE_1);
			write(workspace, "a.txt", "a");
			write(workspace, "dir/b.txt", "b");
			workspace.commitAll("feat: add files");

			assertThat(workspace.changedFilesSince(start)).containsExactly("a.txt", "dir/b.txt");
			assertThat(workspace.changedFilesSince("HEAD")).isEmpty();
		}

	}

	@Nested
	class Merging {

		@Test
		void squashMergePutsOneCommitWithTheTrailerOnMainAndDeletesTheBranch() {
			Workspace workspace = open("ws");
			String initial = workspace.headCommit();
			workspace.checkoutStageBranch(STAGE_1);
			write(workspace, "a.txt", "a");
			workspace.commitAll("feat: add a");
			write(workspace, "b.txt", "b");
			workspace.commitAll("feat: add b");
			workspace.push(STAGE_1);

			MergeResult result = workspace.squashMergeIntoMain(STAGE_1, "feat: project skeleton", "1");

			assertThat(result.alreadyMerged()).isFalse();
			assertThat(result.commitId()).isEqualTo(bareGit("rev-parse", "main"));
			assertThat(bareGit("rev-parse", "main^")).isEqualTo(initial);
			assertThat(bareGit("rev-list", "--count", "main")).isEqualTo("2");
			assertThat(bareGit("log", "-1", "--format=%B", "main"))
				.isEqualTo("feat: project skeleton\n\nQuantaPilot-Stage: 1");
			assertThat(bareGit("log", "-1", "--format=%(trailers:key=QuantaPilot-Stage,valueonly)", "main"))
				.isEqualTo("1");
			assertThat(bareGit("ls-tree", "--name-only", "main").lines()).containsExactly("a.txt", "b.txt");
			assertThat(workspace.remoteBranches()).containsExactly("main");
			assertThat(git.run(workspace.dir(), "branch", "--list", STAGE_1)).isEmpty();
			assertThat(workspace.currentBranch()).isEqualTo("main");
			assertThat(workspace.headCommit()).isEqualTo(result.commitId());
			assertThat(workspace.findMainCommitWithTrailer("1")).contains(result.commitId());
			assertThat(workspace.findMainCommitWithTrailer("2")).isEmpty();
		}

		@Test
		void mergingAgainReturnsTheEarlierCommit() {
			Workspace workspace = open("ws");
			MergeResult first = mergeStage(workspace, STAGE_1, "a.txt", "a");

			MergeResult second = workspace.squashMergeIntoMain(STAGE_1, "feat: stage " + STAGE_1, "1");

			assertThat(second).isEqualTo(new MergeResult(first.commitId(), true));
			assertThat(bareGit("rev-list", "--count", "main")).isEqualTo("2");
		}

		@Test
		void crashBetweenPushingMainAndDeletingTheBranchIsCompletedOnRetry() {
			Workspace first = open("first");
			first.checkoutStageBranch(STAGE_1);
			write(first, "a.txt", "a");
			String tip = first.commitAll("feat: add a").orElseThrow();
			first.push(STAGE_1);
			// The retrying worker's copy still sits on the stage branch, as at the time of the crash.
			Workspace retrying = open("retrying");
			retrying.checkoutStageBranch(STAGE_1);
			MergeResult merged = first.squashMergeIntoMain(STAGE_1, "feat: stage one", "1");
			// Put the branch back: main was pushed, the deletion never happened.
			git.run(bare, "update-ref", "refs/heads/" + STAGE_1, tip);

			MergeResult retried = retrying.squashMergeIntoMain(STAGE_1, "feat: stage one", "1");

			assertThat(retried).isEqualTo(new MergeResult(merged.commitId(), true));
			assertThat(bareGit("rev-list", "--count", "main")).isEqualTo("2");
			assertThat(retrying.remoteBranches()).containsExactly("main");
			assertThat(retrying.currentBranch()).isEqualTo("main");
			assertThat(retrying.headCommit()).isEqualTo(merged.commitId());
			assertThat(git.run(retrying.dir(), "branch", "--list", STAGE_1)).isEmpty();
		}

		@Test
		void stageWithoutChangesStillGetsItsMarkerCommit() {
			Workspace workspace = open("ws");
			String initial = workspace.headCommit();
			workspace.checkoutStageBranch(STAGE_1);
			workspace.push(STAGE_1);

			MergeResult result = workspace.squashMergeIntoMain(STAGE_1, "chore: nothing to change", "1");

			assertThat(bareGit("rev-parse", "main^")).isEqualTo(initial);
			assertThat(bareGit("rev-parse", "main^{tree}")).isEqualTo(bareGit("rev-parse", initial + "^{tree}"));
			assertThat(workspace.findMainCommitWithTrailer("1")).contains(result.commitId());
		}

		@Test
		void trailerJoinsAnExistingTrailerBlock() {
			Workspace workspace = open("ws");
			workspace.checkoutStageBranch(STAGE_1);
			write(workspace, "a.txt", "a");
			workspace.commitAll("feat: add a");

			workspace.squashMergeIntoMain(STAGE_1, "feat: add a\n\nLonger body.\n\nRefs: #12", "stage-1");

			assertThat(bareGit("log", "-1", "--format=%(trailers:only,unfold)", "main").lines())
				.containsExactly("Refs: #12", "QuantaPilot-Stage: stage-1");
		}

		@Test
		void conflictFailsLoudlyAndChangesNothing() {
			Workspace base = open("base");
			mergeStage(base, "feature/stage-0-readme", "README.md", "base\n");
			Workspace one = open("one");
			one.checkoutStageBranch(STAGE_1);
			Workspace two = open("two");
			two.checkoutStageBranch(STAGE_2);
			write(one, "README.md", "one\n");
			one.commitAll("docs: one");
			one.push(STAGE_1);
			write(two, "README.md", "two\n");
			String twoTip = two.commitAll("docs: two").orElseThrow();
			two.push(STAGE_2);
			String mainAfterOne = one.squashMergeIntoMain(STAGE_1, "docs: stage one", "1").commitId();

			assertThatThrownBy(() -> two.squashMergeIntoMain(STAGE_2, "docs: stage two", "2"))
				.isInstanceOfSatisfying(MergeConflictException.class, ex -> {
					assertThat(ex.branch()).isEqualTo(STAGE_2);
					assertThat(ex.conflictingPaths()).containsExactly("README.md");
					assertThat(ex.isTransient()).isFalse();
				});
			assertThat(bareGit("rev-parse", "main")).isEqualTo(mainAfterOne);
			assertThat(bareGit("rev-parse", STAGE_2)).isEqualTo(twoTip);
			assertThat(two.currentBranch()).isEqualTo(STAGE_2);
			assertThat(two.dir().resolve("README.md")).hasContent("two");
		}

		@Test
		void remoteBranchAheadOfTheLocalOneIsWhatGetsMerged() {
			Workspace first = open("first");
			first.checkoutStageBranch(STAGE_1);
			write(first, "a.txt", "a");
			first.commitAll("feat: add a");
			first.push(STAGE_1);
			Workspace cloudAgent = open("cloud");
			cloudAgent.checkoutStageBranch(STAGE_1);
			write(cloudAgent, "b.txt", "b");
			cloudAgent.commitAll("feat: add b");
			cloudAgent.push(STAGE_1);

			first.squashMergeIntoMain(STAGE_1, "feat: stage one", "1");

			assertThat(bareGit("ls-tree", "--name-only", "main").lines()).containsExactly("a.txt", "b.txt");
		}

		@Test
		void divergedLocalAndRemoteBranchesAreRefused() {
			Workspace first = open("first");
			first.checkoutStageBranch(STAGE_1);
			first.push(STAGE_1);
			Workspace second = open("second");
			second.checkoutStageBranch(STAGE_1);
			write(second, "b.txt", "b");
			second.commitAll("feat: add b");
			second.push(STAGE_1);
			write(first, "a.txt", "a");
			first.commitAll("feat: add a");
			String main = bareGit("rev-parse", "main");

			assertThatThrownBy(() -> first.squashMergeIntoMain(STAGE_1, "feat: stage one", "1"))
				.isInstanceOf(RefConflictException.class)
				.hasMessageContaining("diverged");
			assertThat(bareGit("rev-parse", "main")).isEqualTo(main);
		}

		@Test
		void unknownBranchIsAnError() {
			Workspace workspace = open("ws");

			assertThatThrownBy(() -> workspace.squashMergeIntoMain("feature/stage-9-none", "feat: none", "9"))
				.isInstanceOf(GitOperationException.class)
				.hasMessageContaining("exists neither locally nor on origin");
		}

	}

	@Nested
	class Tags {

		@Test
		void tagIsAnnotatedOnMainPushedAndIdempotent() {
			Workspace workspace = open("ws");
			MergeResult merged = mergeStage(workspace, STAGE_1, "a.txt", "a");

			workspace.tag("v0.1.0", "Release 0.1.0");
			workspace.tag("v0.1.0", "Release 0.1.0");

			assertThat(bareGit("cat-file", "-t", "v0.1.0")).isEqualTo("tag");
			assertThat(bareGit("rev-parse", "v0.1.0^{commit}")).isEqualTo(merged.commitId());
			assertThat(bareGit("tag", "-l", "--format=%(contents:subject)|%(taggername)", "v0.1.0"))
				.isEqualTo("Release 0.1.0|QuantaPilot");
		}

		@Test
		void existingTagOnAnotherCommitIsAConflict() {
			Workspace workspace = open("ws");
			workspace.tag("v0.1.0", "Release 0.1.0");
			mergeStage(workspace, STAGE_1, "a.txt", "a");

			assertThatThrownBy(() -> workspace.tag("v0.1.0", "Release 0.1.0"))
				.isInstanceOf(RefConflictException.class)
				.hasMessageContaining("already exists");
		}

		@Test
		void unpublishedLocalLeftoverIsReplaced() {
			Workspace workspace = open("ws");
			String old = workspace.headCommit();
			MergeResult merged = mergeStage(workspace, STAGE_1, "a.txt", "a");
			git.run(workspace.dir(), "tag", "-a", "v0.2.0", "-m", "leftover", old);

			workspace.tag("v0.2.0", "Release 0.2.0");

			assertThat(bareGit("rev-parse", "v0.2.0^{commit}")).isEqualTo(merged.commitId());
		}

	}

	@Test
	void gitCloneOfTheForgeShowsTheWholeStory() {
		Workspace workspace = open("ws");
		mergeStage(workspace, STAGE_1, "src/app.txt", "v1");
		mergeStage(workspace, STAGE_2, "src/greeting.txt", "hello");
		workspace.tag("v1.0.0", "Release 1.0.0");
		Path clone = temp.resolve("clone");

		git.run(temp, "clone", "-q", bare.toString(), clone.toString());

		assertThat(git.run(clone, "log", "--format=%s").lines()).containsExactly("feat: stage " + STAGE_2,
				"feat: stage " + STAGE_1, "chore: initialise repository");
		assertThat(git.run(clone, "log", "--format=%(trailers:key=QuantaPilot-Stage,valueonly)").lines()
			.filter(l -> !l.isBlank())).containsExactly("2", "1");
		assertThat(git.run(clone, "branch", "-r").lines().map(String::strip)).containsExactly(
				"origin/HEAD -> origin/main", "origin/main");
		assertThat(git.run(clone, "describe", "--tags")).isEqualTo("v1.0.0");
		assertThat(clone.resolve("src/app.txt")).hasContent("v1");
		assertThat(clone.resolve("src/greeting.txt")).hasContent("hello");
		assertThat(git.run(clone, "fsck", "--strict", "--no-dangling")).isEmpty();
	}

	private MergeResult mergeStage(Workspace workspace, String branch, String file, String content) {
		workspace.checkoutStageBranch(branch);
		write(workspace, file, content);
		workspace.commitAll("feat: " + file);
		workspace.push(branch);
		String stage = branch.equals(STAGE_2) ? "2" : branch.equals(STAGE_1) ? "1" : branch;
		return workspace.squashMergeIntoMain(branch, "feat: stage " + branch, stage);
	}

	private Workspace open(String name) {
		Workspace workspace = Workspace.open(this.temp.resolve(name), this.remote, BOT);
		this.opened.add(workspace);
		return workspace;
	}

	private List<String> mainLog() {
		return bareGit("log", "--format=%s", "main").lines().toList();
	}

	private String bareGit(String... args) {
		return this.git.run(this.bare, args);
	}

	private static void write(Workspace workspace, String path, String content) {
		try {
			Path file = workspace.dir().resolve(path);
			Files.createDirectories(file.getParent());
			Files.writeString(file, content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
