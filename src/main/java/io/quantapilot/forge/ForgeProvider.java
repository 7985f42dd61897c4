package io.quantapilot.forge;

import java.util.Optional;

/**
 * A forge that holds project repositories: the embedded local forge or GitHub. The pipeline does not
 * talk to a provider directly; {@link ForgeService} picks the project's provider and keeps the
 * platform's records of its pull requests.
 * <p>
 * Every operation is idempotent: it first looks for the effect of an earlier attempt (the repository,
 * the pull request, the merge, the release) and returns it instead of repeating it, so a step retried
 * after a crash at any point never duplicates anything.
 */
public interface ForgeProvider {

	/** The name used in settings and project configuration: {@code local} or {@code github}. */
	String id();

	/** Creates the project's repository, or finds the one created (or named) before. */
	RepositoryRef repository(RepositoryRequest request);

	/** Credentials for git operations on this forge's remotes. */
	GitCredentials credentials();

	/**
	 * Opens the stage's pull request, or finds the one opened before (reopening it when it was closed
	 * unmerged, and bringing its title and body up to date).
	 */
	RemotePullRequest openPullRequest(RepositoryRef repository, PullRequestDraft draft);

	/** The stage's pull request as the forge knows it now, found by its head branch. */
	Optional<RemotePullRequest> findPullRequest(RepositoryRef repository, PullRequestDraft draft);

	/** Publishes the platform's own test run as a check of a commit. */
	void reportCheck(RepositoryRef repository, String sha, PlatformCheck check);

	/** The checks of the pull request's current head, gathered and judged. */
	ChecksReport checks(RepositoryRef repository, RemotePullRequest pullRequest);

	/**
	 * Merges the pull request if its head is still {@link MergeRequest#expectedHeadSha()} and deletes
	 * its branch. A pull request merged before (by an earlier attempt or a person) is reported as merged.
	 */
	MergeOutcome merge(RepositoryRef repository, MergeRequest request, Workspace workspace);

	/** Tags {@code main} and publishes release notes; returns where the release can be seen. */
	String release(RepositoryRef repository, Workspace workspace, String tag, String notes);

}
