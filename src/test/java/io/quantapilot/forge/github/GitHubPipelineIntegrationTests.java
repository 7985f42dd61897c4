package io.quantapilot.forge.github;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quantapilot.support.Api;
import io.quantapilot.support.ApplicationIntegrationTest;
import org.awaitility.Awaitility;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline on the GitHub forge, against the stand-in of GitHub: each stage becomes a pull
 * request that waits for CI (woken by webhooks), a failing check feeds the fix loop, a worker dying
 * between "pull request created" and "stage recorded" leaves one pull request, a branch behind main is
 * updated and checked again, a pull request merged by a person on GitHub completes its stage, and checks
 * that keep failing end in a decision.
 */
class GitHubPipelineIntegrationTests extends ApplicationIntegrationTest {

	@org.springframework.beans.factory.annotation.Autowired
	org.springframework.jdbc.core.simple.JdbcClient jdbc;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String README = "# Word Tally\n\nA small Python command-line tool that counts words in text files.\n\n"
			+ "## Features\n\n- count the words of a file\n- list the most frequent words\n";

	@TempDir
	static Path temp;

	static GitHubStandIn github;

	@BeforeAll
	static void startGitHub() {
		github = new GitHubStandIn(temp.resolve("github"), GITHUB_PORT);
	}

	@AfterAll
	static void stopGitHub() {
		github.close();
	}

	@Test
	void stagesBecomePullRequestsThatWaitForCiAndAreMergedOnGitHub() throws Exception {
		github.webhooks("http://localhost:" + port + "/webhooks/github", WEBHOOK_SECRET)
			.requireUpToDate(true)
			.ci((repo, branch, sha, run) -> branch.startsWith("feature/stage-1-") && run == 1
					? new GitHubStandIn.CiRun("failure", 1500, "1 test failed",
							"collected 3 items\nFAILED tests/test_tally.py::test_count - assert 2 == 3\n")
					: new GitHubStandIn.CiRun("success", 1000, "all passed", "3 passed\n"))
			// The first pull request meets a secondary rate limit, then a 502 after GitHub created it.
			.secondaryLimit("POST /repos/", 1)
			.badGatewayAfterCreatingPulls(1);
		String id = start();
		String repository = repositoryOf(id);
		Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
			.until(() -> github.pulls(repository).size() == 1);
		github.holdNextPullCreation();

		// Once stage 2's branch is pushed, someone pushes to main: the branch is behind and must be updated.
		Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
			.until(() -> github.branches(repository).stream().anyMatch(b -> b.startsWith("feature/stage-2-")));
		github.commitOnBranch(repository, "main", "CONTRIBUTORS.md", "Someone Else\n");

		// GitHub creates stage 2's pull request, and the worker dies before it hears back (its lease
		// expires as a dead worker's would): the step runs again and must find that pull request.
		assertThat(github.awaitHeldCreation(Duration.ofMinutes(2))).isTrue();
		int expired = jdbc.sql("""
				UPDATE work_items SET lease_owner = 'crashed-host:1:dead', lease_expires_at = now() - interval '1 second'
				WHERE project_id = :p AND step = 'merge' AND stage_number = 2 AND status = 'running'""")
			.param("p", UUID.fromString(id))
			.update();
		assertThat(expired).isEqualTo(1);
		// The dead worker's request stays unanswered: it is interrupted when its heartbeat finds the lease gone.


		JsonNode project = awaitStatus(id, "completed", Duration.ofMinutes(4));
		github.releaseHeldCreation();
		JsonNode stages = api().get("/api/v1/projects/" + id + "/stages").json().path("stages");
		List<ObjectNode> pulls = github.pulls(repository);
		assertThat(pulls).hasSize(stages.size());
		for (JsonNode stage : stages) {
			int number = stage.path("number").asInt();
			ObjectNode pr = pulls.stream()
				.filter(p -> p.path("title").asString().equals("Stage " + number + ": " + stage.path("name").asString()))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no pull request for stage " + number + " in " + pulls));
			assertThat(pr.path("merged").asBoolean()).isTrue();
			assertThat(pr.path("body").asString()).contains("**Goal:**", "### Changes", "### Tests", "Passed",
					"**Coverage:**", "### Usage", "| this stage (", "| project so far (");
			assertThat(pr.path("labels").toString()).contains("quantapilot");
		}
		// The 403, the 502 and the crash did not produce a second pull request: each was found.
		assertThat(github.received()).anyMatch(r -> r.path().endsWith("/pulls") && r.status() == 403);
		assertThat(github.received()).anyMatch(r -> r.path().endsWith("/pulls") && r.status() == 502);
		// Stage 1's CI failed once: the fix loop ran the developer again and CI ran on a new head.
		JsonNode runs = api().get("/api/v1/projects/" + id + "/agent-runs").json().path("agent_runs");
		long stage1Runs = 0;
		long stage1QaRuns = 0;
		for (JsonNode run : runs) {
			boolean stage1 = run.path("stage").asInt(-1) == 1;
			stage1Runs += stage1 && "developer".equals(run.path("role").asString()) ? 1 : 0;
			stage1QaRuns += stage1 && "qa".equals(run.path("role").asString()) ? 1 : 0;
		}
		assertThat(stage1Runs).isEqualTo(2);
		// QA ran before each of the platform's test runs: once per attempt.
		assertThat(stage1QaRuns).isEqualTo(2);
		// Stage 2 was behind main: GitHub updated its branch, and it was merged after its new checks.
		assertThat(github.count("PUT", ".*/pulls/\\d+/update-branch")).isEqualTo(1);
		assertThat(github.received()).anyMatch(r -> r.path().endsWith("/merge") && r.status() == 405);
		// Nothing was merged while pending: every merge request named the head whose checks passed.
		JsonNode records = api().get("/api/v1/projects/" + id + "/pull-requests").json().path("pull_requests");
		assertThat(records).allSatisfy(pr -> {
			assertThat(pr.path("status").asString()).isEqualTo("merged");
			assertThat(pr.path("url").asString()).startsWith(github.baseUrl() + "/" + repository + "/pull/");
			assertThat(pr.path("checks").toString()).contains("\"build\"", "quantapilot/tests");
		});
		assertThat(project.path("artifacts").path("repository_url").asString()).isEqualTo(github.cloneUrl(repository));
		// main holds one squash commit per stage with its trailer, the tag, and a release; branches are gone.
		try (Repository bare = new FileRepositoryBuilder().setGitDir(github.bare(repository).toFile()).build();
				RevWalk walk = new RevWalk(bare)) {
			walk.markStart(walk.parseCommit(bare.resolve("main")));
			List<String> messages = new java.util.ArrayList<>();
			for (RevCommit commit : walk) {
				messages.add(commit.getFullMessage());
			}
			for (JsonNode stage : stages) {
				assertThat(messages).filteredOn(m -> m.contains("QuantaPilot-Stage: " + id + "/stage-" + stage.path("number").asInt()))
					.hasSize(1);
			}
			assertThat(bare.exactRef(Constants.R_TAGS + "v1.0.0")).isNotNull();
		}
		assertThat(github.branches(repository)).containsExactly("main");
		// Stages waiting for CI were woken by GitHub's check_run webhooks.
		assertThat(api().get("/metrics").body())
			.containsPattern("qp_checks_verdicts_total\\{[^}]*cause=\"check_run\"[^}]*state=\"success\"");
		assertThat(github.releases(repository)).hasSize(1);
		assertThat(github.releases(repository).get(0).path("body").asString()).contains("Stage 1");
	}

	@Test
	void aPullRequestMergedOnGitHubCompletesItsStageAndChecksThatKeepFailingGoToAPerson() throws Exception {
		github.webhooks("http://localhost:" + port + "/webhooks/github", WEBHOOK_SECRET)
			.requireUpToDate(false)
			.ci((repo, branch, sha, run) -> branch.startsWith("feature/stage-1-")
					? new GitHubStandIn.CiRun("success", 600_000, "still running", "")
					: new GitHubStandIn.CiRun("failure", 300, "lint failed", "E501 line too long\n"));
		String id = start();
		String repository = repositoryOf(id);
		awaitStage(id, 1, s -> "await_checks".equals(s.path("current_step").asString()));

		// A person merges stage 1's pull request on GitHub while its CI still runs; GitHub tells us.
		ObjectNode pr = github.pulls(repository).get(0);
		GitHubApi person = new GitHubApi(new GitHubClient(URI.create(github.apiUrl()), () -> GitHubStandIn.TOKEN, null, 50,
				Duration.ofSeconds(5)));
		String[] parts = repository.split("/");
		GitHubApi.Merge merge = person.merge(parts[0], parts[1], pr.path("number").asInt(), pr.path("head").path("sha").asString(),
				"merge", "Merged by hand", "");
		ObjectNode closed = (ObjectNode) JSON.readTree(Files.readString(
				GitHubStandIn.FIXTURES.resolve("github-webhooks/pull_request/closed.json")));
		ObjectNode closedPr = (ObjectNode) closed.path("pull_request");
		closedPr.put("number", pr.path("number").asInt()).put("merged", true).put("merge_commit_sha", merge.sha())
			.put("state", "closed");
		closed.set("repository", github.repositoryJson(repoState(repository)));
		String delivery = UUID.randomUUID().toString();
		byte[] body = JSON.writeValueAsBytes(closed);
		assertThat(github.deliver("pull_request", delivery, body)).isEqualTo(200);
		awaitStage(id, 1, s -> "completed".equals(s.path("status").asString()));
		// The webhook woke the stage, not the poll.
		assertThat(api().get("/metrics").body())
			.containsPattern("qp_checks_verdicts_total\\{[^}]*cause=\"pull_request.closed\"[^}]*state=\"merged\"");
		JsonNode record = api().get("/api/v1/projects/" + id + "/pull-requests").json().path("pull_requests").get(0);
		assertThat(record.path("status").asString()).isEqualTo("merged");
		assertThat(record.path("merge_commit_id").asString()).isEqualTo(merge.sha());
		assertThat(github.count("PUT", ".*/pulls/" + pr.path("number").asInt() + "/merge")).isEqualTo(1);
		// GitHub delivers again: processed once.
		assertThat(github.deliver("pull_request", delivery, body)).isEqualTo(200);

		// Stage 2's CI fails on every head: after the fix attempts a person decides, and rejects.
		JsonNode decision = awaitPendingDecision(id, "merge_approval", Duration.ofMinutes(3));
		assertThat(decision.path("context").path("stage").asInt()).isEqualTo(2);
		assertThat(decision.path("context").path("reason").asString()).contains("build (failure)");
		JsonNode stage2 = api().get("/api/v1/projects/" + id + "/pull-requests").json().path("pull_requests").get(1);
		assertThat(stage2.path("checks_state").asString()).isEqualTo("failure");
		api().post("/api/v1/hitl/decisions/" + decision.path("decision_id").asString(), Map.of("decision", "reject"));
		JsonNode failed = awaitStatus(id, "failed", Duration.ofSeconds(30));
		assertThat(failed.path("failure_reason").asString()).contains("stage 2 was not merged", "build (failure)");
		// Three CI runs on stage 2: the first head and one new head per fix attempt.
		assertThat(github.pulls(repository)).hasSize(2);
		assertThat(github.pulls(repository).get(1).path("merged").asBoolean()).isFalse();
	}

	private String start() {
		Api.Response created = api().post("/api/v1/projects", Map.of("readme", README, "configuration",
				Map.of("forge", "github")));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().path("project_id").asString();
		JsonNode decision = awaitPendingDecision(id, "plan_approval", Duration.ofSeconds(60));
		api().post("/api/v1/hitl/decisions/" + decision.path("decision_id").asString(), Map.of("decision", "approve"));
		return id;
	}

	private String repositoryOf(String id) {
		JsonNode project = awaitProject(id, p -> p.path("artifacts").path("repository_url").asString("").startsWith(github.baseUrl()),
				Duration.ofSeconds(30));
		String url = project.path("artifacts").path("repository_url").asString();
		return url.substring((github.baseUrl() + "/git/").length(), url.length() - ".git".length());
	}

	private GitHubStandIn.RepoState repoState(String repository) {
		return github.repoState(repository);
	}

	private void awaitStage(String id, int number, java.util.function.Predicate<JsonNode> condition) {
		Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
			for (JsonNode stage : api().get("/api/v1/projects/" + id + "/stages").json().path("stages")) {
				if (stage.path("number").asInt() == number && condition.test(stage)) {
					return true;
				}
			}
			return false;
		});
	}

}
