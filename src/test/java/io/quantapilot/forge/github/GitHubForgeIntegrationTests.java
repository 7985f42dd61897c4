package io.quantapilot.forge.github;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quantapilot.forge.ChecksReport;
import io.quantapilot.forge.ForgeSettings;
import io.quantapilot.forge.Identity;
import io.quantapilot.forge.MergeOutcome;
import io.quantapilot.forge.MergeRequest;
import io.quantapilot.forge.PlatformCheck;
import io.quantapilot.forge.PullRequestDraft;
import io.quantapilot.forge.RemotePullRequest;
import io.quantapilot.forge.RepositoryRef;
import io.quantapilot.forge.RepositoryRequest;
import io.quantapilot.forge.Workspace;
import org.awaitility.Awaitility;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The GitHub client and forge against an HTTP stand-in of GitHub with real git repositories behind it:
 * repositories, pull requests found instead of duplicated, pagination, ETags, primary and secondary rate
 * limits, checks judged from pending to failing to passing, and merges guarded by the head SHA with a
 * branch update or a conflict when main moved on. Requests and responses are checked against GitHub's
 * OpenAPI description.
 */
class GitHubForgeIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path temp;

	private GitHubStandIn github;

	private SimpleMeterRegistry meters;

	private final List<Duration> waits = new CopyOnWriteArrayList<>();

	private GitHubClient client;

	private GitHubApi api;

	private GitHubForge forge;

	@BeforeEach
	void start() {
		github = new GitHubStandIn(temp.resolve("github"));
		meters = new SimpleMeterRegistry();
		client = new GitHubClient(URI.create(github.apiUrl()), () -> GitHubStandIn.TOKEN, meters, 50,
				Duration.ofSeconds(30), d -> {
					waits.add(d);
					Thread.sleep(Math.min(d.toMillis(), 3000));
				}, Clock.systemUTC());
		api = new GitHubApi(client);
		forge = new GitHubForge(settings(), api);
	}

	@AfterEach
	void stop() {
		github.close();
	}

	private ForgeSettings settings() {
		return new ForgeSettings("quantapilot", "QuantaPilot", "bot@quantapilot.local", "v1.0.0", "github", false,
				new ForgeSettings.GitHub(URI.create(github.apiUrl()), null, GitHubStandIn.TOKEN, null, "hook-secret",
						"squash", List.of("quantapilot"), true, Duration.ofHours(2), Duration.ofSeconds(2),
						Duration.ofSeconds(1), 50, Duration.ofSeconds(30), "quantapilot", Duration.ofSeconds(1)));
	}

	@Test
	void repositoryIsCreatedOnceClonedWithTheTokenAndReleasedOnce() throws Exception {
		UUID project = UUID.randomUUID();
		RepositoryRef first = forge.repository(new RepositoryRequest(project, "notes-1234", "QuantaPilot project", null));
		RepositoryRef again = forge.repository(new RepositoryRequest(project, "notes-1234", "QuantaPilot project", null));
		assertThat(again).isEqualTo(first);
		assertThat(github.count("POST", "/user/repos")).isEqualTo(1);
		assertThat(first.cloneUrl()).isEqualTo(github.cloneUrl("qp-bot/notes-1234"));

		try (Workspace workspace = Workspace.open(temp.resolve("ws"), first.remote(), new Identity("QuantaPilot", "bot@q.local"),
				forge.credentials())) {
			// The empty repository got main, pushed with the token, which stays out of .git/config.
			assertThat(github.branches("qp-bot/notes-1234")).containsExactly("main");
			assertThat(Files.readString(workspace.dir().resolve(".git/config"))).doesNotContain(GitHubStandIn.TOKEN);
			String url = forge.release(first, workspace, "v1.0.0", "notes");
			assertThat(forge.release(first, workspace, "v1.0.0", "notes")).isEqualTo(url);
		}
		assertThat(github.releases("qp-bot/notes-1234")).hasSize(1);
		try (Repository bare = new FileRepositoryBuilder().setGitDir(github.bare("qp-bot/notes-1234").toFile()).build()) {
			assertThat(bare.exactRef(Constants.R_TAGS + "v1.0.0")).isNotNull();
		}
		assertThat(github.count("POST", ".*/releases")).isEqualTo(1);
	}

	@Test
	void aPullRequestCreatedDespiteA502IsFoundInsteadOfCreatedAgain() {
		RepositoryRef repository = repository("app");
		String head = github.createBranch("qp-bot/app", "feature/stage-1-skeleton", "a.txt", "a");
		github.badGatewayAfterCreatingPulls(1);
		PullRequestDraft draft = new PullRequestDraft(UUID.randomUUID(), 1, "Stage 1: skeleton", "body",
				"feature/stage-1-skeleton", head);

		RemotePullRequest opened = forge.openPullRequest(repository, draft);
		RemotePullRequest reopened = forge.openPullRequest(repository, draft);

		assertThat(opened.number()).isEqualTo(1);
		assertThat(reopened).isEqualTo(opened);
		assertThat(github.pulls("qp-bot/app")).hasSize(1);
		assertThat(github.count("POST", ".*/pulls")).isEqualTo(1);
		assertThat(github.received()).anyMatch(r -> r.method().equals("POST") && r.status() == 502);
		assertThat(github.pulls("qp-bot/app").get(0).path("labels").toString()).contains("quantapilot");
		// Unchanged title and body: nothing to update the second time.
		assertThat(github.count("PATCH", ".*/pulls/\\d+")).isZero();
	}

	@Test
	void listsFollowLinkPaginationAndRepeatedReadsAreConditional() {
		RepositoryRef repository = repository("paged");
		github.pageSize(2);
		for (int i = 1; i <= 5; i++) {
			github.createBranch("qp-bot/paged", "topic-" + i, "f" + i, "x");
			api.createPullRequest("qp-bot", "paged", "Topic " + i, "topic-" + i, "main", "");
		}
		long before = github.count("GET", ".*/pulls");

		List<JsonNode> all = client.getAll("/repos/qp-bot/paged/pulls?state=all&per_page=100", null);

		assertThat(all).extracting(p -> p.path("number").asInt()).containsExactly(1, 2, 3, 4, 5);
		assertThat(github.count("GET", ".*/pulls") - before).isEqualTo(3);

		GitHubApi.PullRequest first = api.pullRequest("qp-bot", "paged", 3);
		GitHubApi.PullRequest second = api.pullRequest("qp-bot", "paged", 3);
		assertThat(second).isEqualTo(first);
		List<GitHubStandIn.Received> reads = github.received().stream().filter(r -> r.path().endsWith("/pulls/3")).toList();
		assertThat(reads).extracting(GitHubStandIn.Received::status).containsExactly(200, 304);

		assertThat(meters.get("qp_github_api_requests").tag("status", "304").counter().count()).isEqualTo(1);
		assertThat(meters.get("qp_github_api_requests").tag("status", "200").counter().count()).isPositive();
		assertThat(meters.get("qp_github_rate_limit_remaining").gauge().value()).isBetween(1.0, 5000.0);
		assertThat(repository.name()).isEqualTo("paged");
	}

	@Test
	void aSecondaryRateLimitIsWaitedOutAsRetryAfterAsks() {
		repository("limited");
		github.secondaryLimit("GET /repos/qp-bot/limited", 1);

		assertThat(api.repository("qp-bot", "limited")).isPresent();

		assertThat(waits).contains(Duration.ofSeconds(1));
		// Found by the forge first (200), then limited (403), then asked again: unchanged, so 304.
		assertThat(github.received().stream().filter(r -> r.path().equals("/repos/qp-bot/limited")))
			.extracting(GitHubStandIn.Received::status)
			.containsExactly(200, 403, 304);
	}

	@Test
	void aLowQuotaSpreadsCallsAndAnExhaustedOneWaitsForTheReset() {
		repository("quota");
		github.rateLimit(3, Instant.now().plusSeconds(2));
		api.repository("qp-bot", "quota");
		// 2 left of 5000, reset in about 2 s: the next call waits part of that.
		waits.clear();
		api.repository("qp-bot", "quota");
		assertThat(waits).hasSize(1);
		assertThat(waits.get(0)).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2));

		github.rateLimit(0, Instant.now().plusSeconds(2));
		waits.clear();
		assertThat(api.repository("qp-bot", "quota")).isPresent();
		assertThat(waits).isNotEmpty();
		assertThat(github.received()).anyMatch(r -> r.status() == 403);

		// A reset further away than the longest wait fails at once, as transient, to be retried later.
		GitHubClient impatient = new GitHubClient(URI.create(github.apiUrl()), () -> GitHubStandIn.TOKEN, null, 50,
				Duration.ofSeconds(5), d -> waits.add(d), Clock.systemUTC());
		github.rateLimit(0, Instant.now().plusSeconds(600));
		assertThatThrownBy(() -> impatient.get("/repos/qp-bot/quota")).isInstanceOfSatisfying(GitHubException.class,
				ex -> assertThat(ex.isTransient()).isTrue());
	}

	@Test
	void checksArePendingThenFailingWithTheirLogThenPassingOnTheNextHead() {
		RepositoryRef repository = repository("checked");
		github.ci((repo, branch, sha, run) -> run == 1
				? new GitHubStandIn.CiRun("failure", 1500, "1 test failed", "collecting…\nFAILED tests/test_sum.py::test_sum - assert 3 == 2\n")
				: new GitHubStandIn.CiRun("success", 400, "all passed", "ok\n"));
		String head = github.createBranch("qp-bot/checked", "feature/stage-1-x", "x.py", "x = 1\n");
		PullRequestDraft draft = new PullRequestDraft(UUID.randomUUID(), 1, "Stage 1: x", "b", "feature/stage-1-x", head);
		RemotePullRequest pr = forge.openPullRequest(repository, draft);
		forge.reportCheck(repository, head, new PlatformCheck(true, "passed: 3 tests, 0 failed"));

		assertThat(forge.checks(repository, pr).state()).isEqualTo(ChecksReport.State.PENDING);
		ChecksReport failed = awaitVerdict(repository, pr);
		assertThat(failed.state()).isEqualTo(ChecksReport.State.FAILURE);
		assertThat(failed.failureReport()).contains("build", "1 test failed", "FAILED tests/test_sum.py::test_sum");
		assertThat(failed.problem()).contains("build (failure)");
		// The log's storage is on another host: it gets no token.
		assertThat(github.storageAuthorizations()).containsOnly("null");

		String fixed = github.commitOnBranch("qp-bot/checked", "feature/stage-1-x", "x.py", "x = 2\n");
		forge.reportCheck(repository, fixed, new PlatformCheck(true, "passed: 3 tests, 0 failed"));
		ChecksReport passed = awaitVerdict(repository, pr);
		assertThat(passed.state()).isEqualTo(ChecksReport.State.SUCCESS);
		assertThat(passed.headSha()).isEqualTo(fixed);
		// The platform's own status is listed but does not gate.
		assertThat(passed.checks()).extracting(ChecksReport.Check::name).contains("build", PlatformCheck.CONTEXT);

		// A pending commit status of another context holds the merge back.
		api.createStatus("qp-bot", "checked", fixed, "pending", "ci/lint", "linting", null);
		assertThat(forge.checks(repository, pr).state()).isEqualTo(ChecksReport.State.PENDING);
		api.createStatus("qp-bot", "checked", fixed, "success", "ci/lint", "clean", null);
		assertThat(forge.checks(repository, pr).state()).isEqualTo(ChecksReport.State.SUCCESS);
	}

	@Test
	void mergesAreGuardedByTheHeadUpdateABranchBehindMainAndReportConflicts() throws Exception {
		RepositoryRef repository = repository("merging");
		github.requireUpToDate(true);
		String head = github.createBranch("qp-bot/merging", "feature/stage-1-a", "a.txt", "a\n");
		RemotePullRequest pr = forge.openPullRequest(repository,
				new PullRequestDraft(UUID.randomUUID(), 1, "Stage 1: a", "b", "feature/stage-1-a", head));

		MergeOutcome stale = forge.merge(repository, request(pr, "feature/stage-1-a", "0".repeat(40)), null);
		assertThat(stale.kind()).isEqualTo(MergeOutcome.Kind.HEAD_CHANGED);
		assertThat(stale.commitId()).isEqualTo(head);
		assertThat(github.count("PUT", ".*/merge")).isZero();

		github.commitOnBranch("qp-bot/merging", "main", "other.txt", "someone else\n");
		MergeOutcome behind = forge.merge(repository, request(pr, "feature/stage-1-a", head), null);
		assertThat(behind.kind()).isEqualTo(MergeOutcome.Kind.BRANCH_UPDATED);
		String updated = api.pullRequest("qp-bot", "merging", pr.number()).headSha();
		assertThat(updated).isNotEqualTo(head);

		MergeOutcome merged = forge.merge(repository, request(pr, "feature/stage-1-a", updated), null);
		assertThat(merged.kind()).isEqualTo(MergeOutcome.Kind.MERGED);
		assertThat(github.branches("qp-bot/merging")).containsExactly("main");
		try (Repository bare = new FileRepositoryBuilder().setGitDir(github.bare("qp-bot/merging").toFile()).build();
				RevWalk walk = new RevWalk(bare)) {
			var commit = walk.parseCommit(bare.resolve("main"));
			assertThat(commit.name()).isEqualTo(merged.commitId());
			assertThat(commit.getFullMessage()).startsWith("feat(stage-1): a (#1)")
				.contains("QuantaPilot-Stage: p/stage-1");
			assertThat(commit.getParentCount()).isEqualTo(1);
		}
		// Asked again (a retried step): found merged, not merged twice.
		assertThat(forge.merge(repository, request(pr, "feature/stage-1-a", updated), null).kind())
			.isEqualTo(MergeOutcome.Kind.MERGED);
		assertThat(github.count("PUT", ".*/merge")).isEqualTo(2);

		String conflicting = github.createBranch("qp-bot/merging", "feature/stage-2-b", "shared.txt", "ours\n");
		RemotePullRequest second = forge.openPullRequest(repository,
				new PullRequestDraft(UUID.randomUUID(), 2, "Stage 2: b", "b", "feature/stage-2-b", conflicting));
		github.commitOnBranch("qp-bot/merging", "main", "shared.txt", "theirs\n");
		MergeOutcome conflict = forge.merge(repository, request(second, "feature/stage-2-b", conflicting), null);
		assertThat(conflict.kind()).isEqualTo(MergeOutcome.Kind.CONFLICT);
		assertThat(conflict.detail()).contains("merge conflict");
	}

	@Test
	void ourRequestsAndTheStandInsResponsesFollowGitHubsOpenApiDescription() {
		RepositoryRef repository = repository("schema");
		api.createRepository(null, GitHubStandIn.USER, "created", "QuantaPilot project", true);
		String head = github.createBranch("qp-bot/schema", "feature/stage-1-s", "s.txt", "s\n");
		RemotePullRequest pr = forge.openPullRequest(repository,
				new PullRequestDraft(UUID.randomUUID(), 1, "Stage 1: s", "body", "feature/stage-1-s", head));
		forge.reportCheck(repository, head, new PlatformCheck(true, "passed"));
		api.updatePullRequest("qp-bot", "schema", pr.number(), null, "new body", null);
		awaitVerdict(repository, pr);
		forge.merge(repository, request(pr, "feature/stage-1-s", head), null);
		api.createRelease("qp-bot", "schema", "v1.0.0", "v1.0.0", "notes");

		Map<String, String> requests = Map.of("POST /user/repos", "/user/repos", "POST /repos/qp-bot/schema/pulls",
				"/repos/{owner}/{repo}/pulls", "POST /repos/qp-bot/schema/issues/1/labels",
				"/repos/{owner}/{repo}/issues/{issue_number}/labels", "PATCH /repos/qp-bot/schema/pulls/1",
				"/repos/{owner}/{repo}/pulls/{pull_number}", "PUT /repos/qp-bot/schema/pulls/1/merge",
				"/repos/{owner}/{repo}/pulls/{pull_number}/merge", "POST /repos/qp-bot/schema/releases",
				"/repos/{owner}/{repo}/releases");
		requests.forEach((sent, template) -> {
			GitHubStandIn.Received request = github.received().stream()
				.filter(r -> (r.method() + " " + r.path()).equals(sent))
				.findFirst()
				.orElseThrow(() -> new AssertionError("not sent: " + sent));
			JsonNode body = JSON.readTree(request.body());
			assertThat(OpenApiSchemas.strictViolations(OpenApiSchemas.request(template, request.method()), body))
				.as(sent)
				.isEmpty();
		});
		GitHubStandIn.Received status = github.received().stream()
			.filter(r -> r.method().equals("POST") && r.path().startsWith("/repos/qp-bot/schema/statuses/"))
			.findFirst()
			.orElseThrow();
		assertThat(OpenApiSchemas.strictViolations(OpenApiSchemas.request("/repos/{owner}/{repo}/statuses/{sha}", "POST"),
				JSON.readTree(status.body()))).isEmpty();

		String newHead = github.createBranch("qp-bot/schema", "topic", "t.txt", "t\n");
		assertConforms("/repos/{owner}/{repo}", "GET", 200, client.get("/repos/qp-bot/schema").body());
		assertConforms("/repos/{owner}/{repo}/pulls/{pull_number}", "GET", 200,
				client.get("/repos/qp-bot/schema/pulls/1").body());
		assertConforms("/repos/{owner}/{repo}/pulls", "POST", 201,
				client.post("/repos/qp-bot/schema/pulls", Map.of("title", "t", "head", "topic", "base", "main")).body());
		assertConforms("/repos/{owner}/{repo}/pulls", "GET", 200,
				client.get("/repos/qp-bot/schema/pulls?state=all").body());
		assertConforms("/repos/{owner}/{repo}/commits/{ref}/check-runs", "GET", 200,
				client.get("/repos/qp-bot/schema/commits/" + head + "/check-runs").body());
		assertConforms("/repos/{owner}/{repo}/commits/{ref}/status", "GET", 200,
				client.get("/repos/qp-bot/schema/commits/" + head + "/status").body());
		assertConforms("/repos/{owner}/{repo}/statuses/{sha}", "POST", 201,
				client.post("/repos/qp-bot/schema/statuses/" + newHead, Map.of("state", "pending", "context", "c")).body());
		assertConforms("/repos/{owner}/{repo}/releases/tags/{tag}", "GET", 200,
				client.get("/repos/qp-bot/schema/releases/tags/v1.0.0").body());
		assertConforms("/user/repos", "POST", 201, client.post("/user/repos", Map.of("name", "another")).body());
		assertConforms("/user", "GET", 200, client.get("/user").body());
		assertConforms("/rate_limit", "GET", 200, client.get("/rate_limit").body());
		JsonNode mergeRequest = JSON.readTree(github.received().stream()
			.filter(r -> r.method().equals("PUT") && r.path().endsWith("/merge"))
			.findFirst()
			.orElseThrow()
			.body());
		assertThat(mergeRequest.path("sha").asString()).isEqualTo(head);
		assertThat(mergeRequest.path("merge_method").asString()).isEqualTo("squash");
	}

	@Test
	void issuesAreCommentedLabelledAndClosedWithRateLimitsWaitedOutAndFollowTheOpenApiDescription() {
		github.createRepository("octo", "ideas");
		github.openIssue("octo/ideas", "Word Tally", "# Word Tally\n\nCount words.\n", "quantapilot");
		// The first comment meets a secondary rate limit: waited out (Retry-After), then posted once.
		github.secondaryLimit("POST /repos/octo/ideas/issues/1/comments", 1);

		GitHubApi.IssueComment first = api.createIssueComment("octo", "ideas", 1, "Project started: `p-1`");
		assertThat(waits).contains(Duration.ofSeconds(1));
		assertThat(github.received()).anyMatch(r -> r.path().endsWith("/issues/1/comments") && r.status() == 403);
		assertThat(github.comments("octo/ideas", 1)).hasSize(1);
		assertThat(first.body()).isEqualTo("Project started: `p-1`");
		assertThat(first.htmlUrl()).startsWith(github.baseUrl() + "/octo/ideas/issues/1#issuecomment-");

		api.addLabels("octo", "ideas", 1, List.of("quantapilot", "in-progress"));
		assertThat(api.issue("octo", "ideas", 1).labels()).containsExactly("quantapilot", "in-progress");

		// Comments are read across pages.
		github.pageSize(1);
		api.createIssueComment("octo", "ideas", 1, "second");
		api.createIssueComment("octo", "ideas", 1, "third");
		assertThat(api.issueComments("octo", "ideas", 1)).extracting(GitHubApi.IssueComment::body)
			.containsExactly("Project started: `p-1`", "second", "third");
		github.pageSize(100);

		GitHubApi.Issue closed = api.closeIssue("octo", "ideas", 1, "completed");
		assertThat(closed.state()).isEqualTo("closed");
		assertThat(api.closeIssue("octo", "ideas", 1, "completed").state()).isEqualTo("closed");
		assertThat(github.issues("octo/ideas").get(0).path("state_reason").asString()).isEqualTo("completed");

		Map<String, String> requests = Map.of("POST /repos/octo/ideas/issues/1/comments",
				"/repos/{owner}/{repo}/issues/{issue_number}/comments", "PATCH /repos/octo/ideas/issues/1",
				"/repos/{owner}/{repo}/issues/{issue_number}", "POST /repos/octo/ideas/issues/1/labels",
				"/repos/{owner}/{repo}/issues/{issue_number}/labels");
		requests.forEach((sent, template) -> {
			GitHubStandIn.Received request = github.received().stream()
				.filter(r -> (r.method() + " " + r.path()).equals(sent) && r.status() < 300)
				.findFirst()
				.orElseThrow(() -> new AssertionError("not sent: " + sent));
			assertThat(OpenApiSchemas.strictViolations(OpenApiSchemas.request(template, request.method()),
					JSON.readTree(request.body()))).as(sent).isEmpty();
		});
		assertConforms("/repos/{owner}/{repo}/issues/{issue_number}", "GET", 200,
				client.get("/repos/octo/ideas/issues/1").body());
		assertConforms("/repos/{owner}/{repo}/issues/{issue_number}/comments", "GET", 200,
				client.get("/repos/octo/ideas/issues/1/comments").body());
		assertConforms("/repos/{owner}/{repo}/issues/{issue_number}/comments", "POST", 201,
				client.post("/repos/octo/ideas/issues/1/comments", Map.of("body", "b")).body());
		assertConforms("/repos/{owner}/{repo}/issues/{issue_number}", "PATCH", 200,
				client.patch("/repos/octo/ideas/issues/1", Map.of("state", "closed", "state_reason", "completed")).body());
		assertConforms("/repos/{owner}/{repo}/issues/{issue_number}/labels", "POST", 200,
				client.post("/repos/octo/ideas/issues/1/labels", Map.of("labels", List.of("x"))).body());
	}

	@Test
	void aRejectedTokenFailsPermanentlyWithoutShowingIt() {
		GitHubClient wrong = new GitHubClient(URI.create(github.apiUrl()), () -> "ghp_wrongSecretToken", null, 50,
				Duration.ofSeconds(5));
		assertThatThrownBy(() -> new GitHubApi(wrong).authenticatedUser())
			.isInstanceOfSatisfying(GitHubException.class, ex -> {
				assertThat(ex.status()).isEqualTo(401);
				assertThat(ex.isTransient()).isFalse();
				assertThat(ex.getMessage()).contains("Bad credentials").doesNotContain("ghp_wrongSecretToken");
			});
		GitHubApi.User user = api.authenticatedUser();
		assertThat(user.login()).isEqualTo(GitHubStandIn.USER);
		assertThat(user.scopes()).containsExactly("repo", "workflow");
	}

	private void assertConforms(String template, String method, int status, JsonNode body) {
		assertThat(OpenApiSchemas.violations(OpenApiSchemas.response(template, method, status), body))
			.as(method + " " + template)
			.isEmpty();
	}

	private ChecksReport awaitVerdict(RepositoryRef repository, RemotePullRequest pr) {
		ChecksReport[] last = new ChecksReport[1];
		Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
			last[0] = forge.checks(repository, pr);
			return last[0].state() != ChecksReport.State.PENDING;
		});
		return last[0];
	}

	/** A repository that exists on GitHub with an initial commit on main, found by the forge. */
	private RepositoryRef repository(String name) {
		github.createRepository(GitHubStandIn.USER, name);
		return forge.repository(new RepositoryRequest(UUID.randomUUID(), name, "d", null));
	}

	private static MergeRequest request(RemotePullRequest pr, String branch, String sha) {
		String stage = branch.replaceAll("feature/stage-(\\d+)-.*", "$1");
		return new MergeRequest(UUID.randomUUID(), Integer.parseInt(stage), pr.number(), branch, sha,
				"feat(stage-" + stage + "): " + branch.replaceAll(".*-", "") + " (#" + pr.number() + ")", "goal",
				"p/stage-" + stage);
	}

}
