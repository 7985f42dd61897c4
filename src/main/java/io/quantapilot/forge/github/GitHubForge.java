package io.quantapilot.forge.github;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.forge.ChecksReport;
import io.quantapilot.forge.ForgeProvider;
import io.quantapilot.forge.ForgeSettings;
import io.quantapilot.forge.GitCredentials;
import io.quantapilot.forge.GitHubUrls;
import io.quantapilot.forge.MergeOutcome;
import io.quantapilot.forge.MergeRequest;
import io.quantapilot.forge.PlatformCheck;
import io.quantapilot.forge.PullRequestDraft;
import io.quantapilot.forge.RemotePullRequest;
import io.quantapilot.forge.RepositoryRef;
import io.quantapilot.forge.RepositoryRequest;
import io.quantapilot.forge.Workspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * GitHub (or GitHub Enterprise Server) as the forge: a repository per project (created under the
 * configured owner, or the one {@code repository_url} names), a pull request per stage found by its head
 * branch before one is created, the platform's test run published as a commit status, every check run
 * and status of the head judged before merging, and a merge guarded by the judged head SHA.
 */
@Component
class GitHubForge implements ForgeProvider {

	private static final Logger log = LoggerFactory.getLogger(GitHubForge.class);

	private static final Set<String> PASSED = Set.of("success", "neutral", "skipped");

	private static final int MAX_OUTPUT = 4_000;

	private static final int MAX_REPORT = 20_000;

	private final ForgeSettings.GitHub settings;

	private final GitHubApi api;

	private volatile String login;

	GitHubForge(ForgeSettings settings, GitHubApi api) {
		this.settings = settings.github();
		this.api = api;
	}

	@Override
	public String id() {
		return "github";
	}

	@Override
	public RepositoryRef repository(RepositoryRequest request) {
		requireToken();
		Optional<GitHubUrls.OwnerAndName> named = GitHubUrls.parse(request.source(), settings.web());
		GitHubApi.Repository repository;
		if (named.isPresent()) {
			repository = api.repository(named.get().owner(), named.get().name())
				.orElseThrow(() -> new QuantaPilotException.InvalidRequest("repository_url", "GitHub has no repository "
						+ named.get().owner() + "/" + named.get().name() + " that the configured token can see"));
		}
		else {
			String owner = settings.owner() != null && !settings.owner().isBlank() ? settings.owner() : login();
			String organization = owner.equalsIgnoreCase(login()) ? null : owner;
			repository = api.repository(owner, request.name())
				.orElseGet(() -> api.createRepository(organization, owner, request.name(), request.description(),
						settings.privateRepositories()));
		}
		return new RepositoryRef(repository.owner(), repository.name(), URI.create(repository.cloneUrl()),
				repository.cloneUrl());
	}

	@Override
	public GitCredentials credentials() {
		return GitCredentials.token(settings::token);
	}

	@Override
	public RemotePullRequest openPullRequest(RepositoryRef repository, PullRequestDraft draft) {
		String owner = repository.owner();
		String repo = repository.name();
		Optional<GitHubApi.PullRequest> existing = find(repository, draft.branch());
		GitHubApi.PullRequest pullRequest;
		if (existing.isPresent()) {
			pullRequest = existing.get();
			if (!pullRequest.merged() && (!pullRequest.open() || !draft.title().equals(pullRequest.title())
					|| !draft.body().equals(pullRequest.body()))) {
				// Closed outside the platform and the stage goes on (a person approved it): reopen.
				pullRequest = api.updatePullRequest(owner, repo, pullRequest.number(), draft.title(), draft.body(),
						pullRequest.open() ? null : "open");
			}
		}
		else {
			pullRequest = create(repository, draft);
		}
		if (!pullRequest.merged()) {
			// Adding labels a pull request already has changes nothing, so a retry may repeat it.
			api.addLabels(owner, repo, pullRequest.number(), settings.labels());
		}
		return remote(pullRequest);
	}

	private GitHubApi.PullRequest create(RepositoryRef repository, PullRequestDraft draft) {
		try {
			return api.createPullRequest(repository.owner(), repository.name(), draft.title(), draft.branch(),
					Workspace.MAIN, draft.body());
		}
		catch (GitHubException ex) {
			// A 5xx may come after GitHub created it, and a 422 says one exists: either way, look again
			// rather than create a second one.
			if (ex.isTransient() || ex.status() == 422) {
				Optional<GitHubApi.PullRequest> created = find(repository, draft.branch());
				if (created.isPresent()) {
					log.info("Pull request for {} was created despite {}; using #{}", draft.branch(), ex.status(),
							created.get().number());
					return created.get();
				}
			}
			throw ex;
		}
	}

	@Override
	public Optional<RemotePullRequest> findPullRequest(RepositoryRef repository, PullRequestDraft draft) {
		return find(repository, draft.branch()).map(GitHubForge::remote);
	}

	/** The open pull request of the branch, else the merged one, else the newest closed one. */
	private Optional<GitHubApi.PullRequest> find(RepositoryRef repository, String branch) {
		List<GitHubApi.PullRequest> all = api.pullRequestsForBranch(repository.owner(), repository.name(),
				repository.owner(), branch);
		return all.stream()
			.filter(GitHubApi.PullRequest::open)
			.findFirst()
			.or(() -> all.stream().filter(GitHubApi.PullRequest::merged).findFirst())
			.or(() -> all.stream().findFirst());
	}

	@Override
	public void reportCheck(RepositoryRef repository, String sha, PlatformCheck check) {
		api.createStatus(repository.owner(), repository.name(), sha, check.passed() ? "success" : "failure",
				PlatformCheck.CONTEXT, check.description(), null);
	}

	@Override
	public ChecksReport checks(RepositoryRef repository, RemotePullRequest known) {
		GitHubApi.PullRequest pullRequest = api.pullRequest(repository.owner(), repository.name(), known.number());
		if (pullRequest.merged()) {
			return new ChecksReport(ChecksReport.State.MERGED, pullRequest.headSha(), List.of(), "");
		}
		if (!pullRequest.open()) {
			return new ChecksReport(ChecksReport.State.CLOSED, pullRequest.headSha(), List.of(), "");
		}
		String sha = pullRequest.headSha();
		List<GitHubApi.Check> all = new ArrayList<>(api.checkRuns(repository.owner(), repository.name(), sha));
		all.addAll(api.statuses(repository.owner(), repository.name(), sha));
		List<ChecksReport.Check> checks = all.stream()
			.map(c -> new ChecksReport.Check(c.kind(), c.name(), c.status(), c.conclusion(), c.detailsUrl()))
			.toList();
		// The platform's own check was judged by the verify step (or a person overrode it); CI decides now.
		List<GitHubApi.Check> gating = all.stream()
			.filter(c -> !("status".equals(c.kind()) && PlatformCheck.CONTEXT.equals(c.name())))
			.toList();
		if (gating.isEmpty()) {
			return new ChecksReport(ChecksReport.State.NONE, sha, checks, "");
		}
		List<GitHubApi.Check> failed = gating.stream()
			.filter(c -> "completed".equals(c.status()) && !PASSED.contains(c.conclusion()))
			.toList();
		if (!failed.isEmpty()) {
			return new ChecksReport(ChecksReport.State.FAILURE, sha, checks, failureReport(repository, sha, failed));
		}
		boolean pending = gating.stream().anyMatch(c -> !"completed".equals(c.status()));
		return new ChecksReport(pending ? ChecksReport.State.PENDING : ChecksReport.State.SUCCESS, sha, checks, "");
	}

	/** What failed and why, for the developer: check output, status descriptions, and the end of Actions logs. */
	private String failureReport(RepositoryRef repository, String sha, List<GitHubApi.Check> failed) {
		StringBuilder report = new StringBuilder("CI checks failed on ").append(sha).append(":\n");
		for (GitHubApi.Check check : failed) {
			report.append("\n## ").append(check.name()).append(" (").append(check.kind()).append("): ")
				.append(check.conclusion());
			if (check.detailsUrl() != null) {
				report.append(" — ").append(check.detailsUrl());
			}
			report.append('\n');
			append(report, check.title());
			append(report, check.summary());
			append(report, check.text());
			if ("check_run".equals(check.kind()) && "github-actions".equals(check.app())) {
				// An Actions check run has its job's id; the log's end usually holds the failing test.
				api.jobLogTail(repository.owner(), repository.name(), check.id(), MAX_OUTPUT)
					.ifPresent(tail -> report.append("Log (end):\n").append(tail).append('\n'));
			}
			if (report.length() > MAX_REPORT) {
				break;
			}
		}
		return report.length() > MAX_REPORT ? report.substring(0, MAX_REPORT) + "\n[… cut …]\n" : report.toString();
	}

	private static void append(StringBuilder report, String text) {
		if (text != null && !text.isBlank()) {
			report.append(text.length() > MAX_OUTPUT ? text.substring(0, MAX_OUTPUT) + " […]" : text.strip())
				.append('\n');
		}
	}

	@Override
	public MergeOutcome merge(RepositoryRef repository, MergeRequest request, Workspace workspace) {
		String owner = repository.owner();
		String repo = repository.name();
		GitHubApi.PullRequest pullRequest = api.pullRequest(owner, repo, request.number());
		if (pullRequest.merged()) {
			api.deleteBranch(owner, repo, request.branch());
			return MergeOutcome.merged(pullRequest.mergeCommitSha());
		}
		if (!pullRequest.open()) {
			return new MergeOutcome(MergeOutcome.Kind.CLOSED, null, "pull request #" + request.number()
					+ " was closed without merging outside QuantaPilot");
		}
		if (!pullRequest.headSha().equals(request.expectedHeadSha())) {
			return new MergeOutcome(MergeOutcome.Kind.HEAD_CHANGED, pullRequest.headSha(),
					"the branch moved to " + pullRequest.headSha() + " after its checks were judged");
		}
		String message = request.message().strip() + "\n\n" + Workspace.STAGE_TRAILER + ": " + request.trailer();
		try {
			GitHubApi.Merge merge = api.merge(owner, repo, request.number(), request.expectedHeadSha(),
					settings.mergeMethod(), request.title(), message);
			if (!merge.merged()) {
				throw new GitHubException("merging #" + request.number(), 200, merge.message(), true, null);
			}
			api.deleteBranch(owner, repo, request.branch());
			return MergeOutcome.merged(merge.sha());
		}
		catch (GitHubException ex) {
			return switch (ex.status()) {
				case 409 -> new MergeOutcome(MergeOutcome.Kind.HEAD_CHANGED, null,
						"GitHub: the head moved during the merge (" + ex.githubMessage() + ")");
				case 405 -> updateBranch(owner, repo, request, ex);
				default -> {
					if (ex.isTransient()) {
						// The merge may have happened before the connection failed.
						GitHubApi.PullRequest after = api.pullRequest(owner, repo, request.number());
						if (after.merged()) {
							api.deleteBranch(owner, repo, request.branch());
							yield MergeOutcome.merged(after.mergeCommitSha());
						}
					}
					throw ex;
				}
			};
		}
	}

	/** GitHub will not merge (typically: the base moved on): bring the branch up to date, or report a conflict. */
	private MergeOutcome updateBranch(String owner, String repo, MergeRequest request, GitHubException refused) {
		try {
			api.updateBranch(owner, repo, request.number(), request.expectedHeadSha());
			return new MergeOutcome(MergeOutcome.Kind.BRANCH_UPDATED, null,
					"main had moved on; GitHub merged it into the branch, whose checks run again");
		}
		catch (GitHubException ex) {
			if (ex.status() == 422 || ex.status() == 403 || ex.status() == 409) {
				return new MergeOutcome(MergeOutcome.Kind.CONFLICT, null, "GitHub refused to merge #" + request.number()
						+ " (" + refused.githubMessage() + ") and could not update its branch (" + ex.githubMessage() + ")");
			}
			throw ex;
		}
	}

	@Override
	public String release(RepositoryRef repository, Workspace workspace, String tag, String notes) {
		workspace.checkoutStageBranch(Workspace.MAIN);
		workspace.tag(tag, notes);
		return api.releaseUrl(repository.owner(), repository.name(), tag)
			.orElseGet(() -> api.createRelease(repository.owner(), repository.name(), tag, tag, notes));
	}

	private String login() {
		String known = login;
		if (known == null) {
			known = api.authenticatedUser().login();
			login = known;
		}
		return known;
	}

	private void requireToken() {
		if (!settings.hasToken()) {
			throw new QuantaPilotException("the github forge needs a token: set quantapilot.forge.github.token");
		}
	}

	private static RemotePullRequest remote(GitHubApi.PullRequest pullRequest) {
		String state = pullRequest.merged() ? "merged" : pullRequest.state();
		return new RemotePullRequest(pullRequest.number(), pullRequest.htmlUrl(), state, pullRequest.headSha(),
				pullRequest.merged() ? pullRequest.mergeCommitSha() : null);
	}

}
