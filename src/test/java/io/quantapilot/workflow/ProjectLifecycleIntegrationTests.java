package io.quantapilot.workflow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.quantapilot.forge.Identity;
import io.quantapilot.forge.LocalRepositories;
import io.quantapilot.forge.Workspace;
import io.quantapilot.support.Api;
import io.quantapilot.support.ApplicationIntegrationTest;
import io.quantapilot.support.Examples;
import io.quantapilot.support.Git;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline through the API with the offline provider and the local forge: approve, reject, modify,
 * pause and resume, cancel — and the repository a person clones at the end.
 */
class ProjectLifecycleIntegrationTests extends ApplicationIntegrationTest {

	@org.springframework.beans.factory.annotation.Autowired
	LocalRepositories repositories;

	private static final Duration PIPELINE = Duration.ofMinutes(3);

	@Test
	void approvedPlanIsBuiltStageByStageIntoARepositoryThatCloneBuildsAndTests(@org.junit.jupiter.api.io.TempDir Path tmp)
			throws Exception {
		String id = createProject(Examples.readme("notes-cli-python"));
		JsonNode decision = awaitPendingDecision(id, "plan_approval", Duration.ofSeconds(60));
		assertThat(decision.path("options").toString()).contains("approve", "reject", "modify");
		assertThat(decision.path("context").path("stages").size()).isBetween(3, 5);
		assertThat(api().get("/api/v1/projects/" + id).json().path("status").asString()).isEqualTo("awaiting_approval");

		Api.Response approved = api().post("/api/v1/hitl/decisions/" + decision.path("decision_id").asString(),
				Map.of("decision", "approve", "comments", "looks good"));
		assertThat(approved.status()).isEqualTo(200);
		assertThat(approved.json().path("decided_by").asString()).isEqualTo("admin");
		Api.Response again = api().post("/api/v1/hitl/decisions/" + decision.path("decision_id").asString(),
				Map.of("decision", "reject"));
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.json().path("error").path("message").asString()).contains("approved by admin");

		JsonNode project = awaitStatus(id, "completed", PIPELINE);
		JsonNode stages = api().get("/api/v1/projects/" + id + "/stages").json().path("stages");
		assertThat(stages).allSatisfy(s -> assertThat(s.path("status").asString()).isEqualTo("completed"));
		assertThat(project.path("progress").path("completed_stages").size()).isEqualTo(stages.size());
		assertThat(project.path("artifacts").path("pull_requests").size()).isEqualTo(stages.size());
		JsonNode prs = api().get("/api/v1/projects/" + id + "/pull-requests").json().path("pull_requests");
		assertThat(prs).allSatisfy(pr -> assertThat(pr.path("status").asString()).isEqualTo("merged"));

		// Every step is recorded: agent runs with logs, test executions, workflow history.
		JsonNode runs = api().get("/api/v1/projects/" + id + "/agent-runs").json().path("agent_runs");
		// The architect, then per stage the developer and the QA agent.
		assertThat(runs.size()).as(runs.toString()).isEqualTo(2 * stages.size() + 1);
		JsonNode firstRun = api().get("/api/v1/agent-runs/" + runs.get(0).path("run_id").asString()).json();
		assertThat(firstRun.path("role").asString()).isEqualTo("architect");
		assertThat(firstRun.path("events").toString()).contains("offline provider: writing from templates");
		for (JsonNode stage : stages) {
			int number = stage.path("number").asInt();
			List<String> roles = new java.util.ArrayList<>();
			for (JsonNode run : runs) {
				if (run.path("stage").asInt(-1) == number) {
					roles.add(run.path("role").asString());
				}
			}
			assertThat(roles).as("runs of stage " + number).containsExactly("developer", "qa");
		}
		JsonNode lastQa = null;
		for (JsonNode run : runs) {
			lastQa = "qa".equals(run.path("role").asString()) ? run : lastQa;
		}
		JsonNode qa = api().get("/api/v1/agent-runs/" + lastQa.path("run_id").asString()).json();
		assertThat(qa.path("status").asString()).isEqualTo("succeeded");
		assertThat(qa.path("summary").asString()).contains("QA of stage " + stages.size(), "0 restored");
		assertThat(qa.path("events").toString()).contains("offline QA: ", "test files of stages 1 to " + stages.size());
		assertThat(api().get("/api/v1/projects/" + id + "/workflow").json().path("execution_history").toString())
			.contains("\"qa\"");
		JsonNode tests = api().get("/api/v1/projects/" + id + "/test-executions").json().path("test_executions");
		assertThat(tests).allSatisfy(t -> assertThat(t.path("passed").asBoolean()).isTrue());
		assertThat(tests.get(tests.size() - 1).path("total").asInt()).isGreaterThan(3);
		JsonNode workflow = api().get("/api/v1/projects/" + id + "/workflow").json();
		assertThat(workflow.path("status").asString()).isEqualTo("completed");
		assertThat(workflow.path("execution_history").toString()).contains("\"release\"", "\"plan_approval\"");

		// The repository clones over HTTP, has one squashed commit per stage on main, a tag, and passes its tests.
		String url = project.path("artifacts").path("repository_url").asString();
		assertThat(url).startsWith("http://localhost:" + port + "/git/");
		Path clone = tmp.resolve("clone");
		Git.cloneWithKey(tmp, url, clone, ADMIN_KEY);
		List<String> log = Git.lines(clone, "log", "--format=%s", "main");
		for (JsonNode stage : stages) {
			assertThat(log).filteredOn(s -> s.startsWith("feat(stage-" + stage.path("number").asInt() + "): "))
				.hasSize(1);
		}
		assertThat(Git.lines(clone, "tag")).containsExactly("v1.0.0");
		assertThat(Git.lines(clone, "branch", "-r")).noneMatch(b -> b.contains("feature/"));
		assertThat(clone.resolve(".quantapilot/plan.json")).exists();
		assertThat(clone.resolve("docs/ARCHITECTURE.md")).exists();
		assertThat(clone.resolve("AGENTS.md")).exists();
		Process test = new ProcessBuilder("python3", "-m", "unittest", "discover", "-s", "tests", "-t", ".")
			.directory(clone.toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(test.getInputStream().readAllBytes());
		assertThat(test.waitFor()).as(output).isZero();
		assertThat(output).contains("OK");
	}

	@Test
	void rejectedPlanCancelsTheProject() {
		String id = createProject(Examples.readme("notes-cli-python"));
		JsonNode decision = awaitPendingDecision(id, "plan_approval", Duration.ofSeconds(60));
		api().post("/api/v1/hitl/decisions/" + decision.path("decision_id").asString(),
				Map.of("decision", "reject", "comments", "not what we need"));
		JsonNode project = awaitStatus(id, "cancelled", Duration.ofSeconds(30));
		assertThat(project.path("failure_reason").asString()).contains("not what we need");
		assertThat(api().get("/api/v1/projects/" + id + "/stages").json().path("stages"))
			.allSatisfy(s -> assertThat(s.path("status").asString()).isEqualTo("pending"));
		assertThat(api().post("/api/v1/projects/" + id + "/workflow/pause", Map.of()).status()).isEqualTo(409);
	}

	@Test
	void modifyReplansWithTheCommentsAndAsksAgain() {
		String id = createProject(Examples.readme("notes-cli-python"));
		JsonNode first = awaitPendingDecision(id, "plan_approval", Duration.ofSeconds(60));
		api().post("/api/v1/hitl/decisions/" + first.path("decision_id").asString(),
				Map.of("decision", "modify", "comments", "please add more tests"));
		JsonNode[] second = new JsonNode[1];
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
			second[0] = awaitPendingDecision(id, "plan_approval", Duration.ofSeconds(60));
			return !second[0].path("decision_id").equals(first.path("decision_id"));
		});
		assertThat(second[0].path("context").path("plan_revision").asInt()).isEqualTo(1);
		JsonNode runs = api().get("/api/v1/projects/" + id + "/agent-runs").json().path("agent_runs");
		assertThat(runs.size()).isEqualTo(2);
		JsonNode replan = api().get("/api/v1/agent-runs/" + runs.get(1).path("run_id").asString()).json();
		assertThat(replan.path("events").toString()).contains("please add more tests");
		api().post("/api/v1/projects/" + id + "/workflow/actions", Map.of("action", "cancel"));
		awaitStatus(id, "cancelled", Duration.ofSeconds(30));
		assertThat(api().get("/api/v1/hitl/decisions/" + second[0].path("decision_id").asString())
			.json()
			.path("status")
			.asString()).isEqualTo("cancelled");
	}

	@Test
	void decisionTakenWhilePausedTakesEffectOnResume() {
		String id = createProject(Examples.readme("notes-cli-python"));
		JsonNode decision = awaitPendingDecision(id, "plan_approval", Duration.ofSeconds(60));
		Api.Response paused = api().post("/api/v1/projects/" + id + "/workflow/pause", Map.of());
		assertThat(paused.status()).isEqualTo(200);
		assertThat(paused.json().path("status").asString()).isEqualTo("paused");
		assertThat(api().post("/api/v1/projects/" + id + "/workflow/pause", Map.of()).status()).isEqualTo(409);
		api().post("/api/v1/hitl/decisions/" + decision.path("decision_id").asString(), Map.of("decision", "approve"));
		// Nothing moves while paused.
		sleep(1500);
		JsonNode stillPaused = api().get("/api/v1/projects/" + id).json();
		assertThat(stillPaused.path("status").asString()).isEqualTo("paused");
		assertThat(stillPaused.path("progress").path("completed_stages").size()).isZero();
		assertThat(api().post("/api/v1/projects/" + id + "/workflow/resume", Map.of()).status()).isEqualTo(200);
		awaitStatus(id, "completed", PIPELINE);
	}

	@Test
	void listingFiltersAndPaginatesAndDeleteArchives() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			ids.add(createProject("# Listing Sample " + i + "\n\nA tiny Python tool."));
		}
		for (String id : ids) {
			awaitStatus(id, "awaiting_approval", Duration.ofSeconds(60));
		}
		JsonNode page = api().get("/api/v1/projects?status=awaiting_approval&limit=2&offset=0").json();
		assertThat(page.path("projects").size()).isEqualTo(2);
		assertThat(page.path("pagination").path("has_more").asBoolean()).isTrue();
		assertThat(page.path("projects")).allSatisfy(p -> assertThat(p.path("status").asString()).isEqualTo("awaiting_approval"));

		Api.Response patched = api().patch("/api/v1/projects/" + ids.get(0),
				Map.of("configuration", Map.of("additional_requirements", "add a --verbose flag"), "budget_limits",
						Map.of("max_cost_usd", 10)));
		assertThat(patched.status()).isEqualTo(200);
		assertThat(patched.json().path("configuration").path("additional_requirements").asString())
			.isEqualTo("add a --verbose flag");
		assertThat(patched.json().path("budget_limits").path("max_cost_usd").asInt()).isEqualTo(10);

		for (String id : ids) {
			assertThat(api().delete("/api/v1/projects/" + id).status()).isEqualTo(204);
		}
		JsonNode after = api().get("/api/v1/projects?limit=100").json();
		assertThat(after.path("projects").toString()).doesNotContain(ids.get(0), ids.get(1), ids.get(2));
		assertThat(api().get("/api/v1/projects/" + ids.get(0)).json().path("status").asString()).isEqualTo("cancelled");
		// Cancellation reaches the decisions through an event: wait for it.
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> api().get("/api/v1/hitl/decisions?status=pending&project_id=" + ids.get(0))
				.json()
				.path("decisions")
				.size() == 0);
	}

	@Test
	void aProjectCancelledTheMomentItIsCreatedStopsForGood() {
		// The cancel races the workflow's start and its first step's result on the same execution.
		List<String> ids = new java.util.ArrayList<>();
		for (int i = 0; i < 5; i++) {
			String id = createProject(Examples.readme("notes-cli-python"));
			Api.Response cancelled = api().post("/api/v1/projects/" + id + "/workflow/actions", Map.of("action", "cancel"));
			assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
			ids.add(id);
		}
		for (String id : ids) {
			org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				JsonNode workflow = api().get("/api/v1/projects/" + id + "/workflow").json();
				assertThat(workflow.path("current_nodes")).as(workflow.toString()).isEmpty();
			});
			assertThat(api().get("/api/v1/projects/" + id).json().path("status").asString()).isEqualTo("cancelled");
		}
	}

	@Test
	void aProjectCanStartFromARepositoryWithAReadme(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
		// The source is a repository of the local forge itself, named by its clone URL.
		String name = "idea-" + java.util.UUID.randomUUID().toString().substring(0, 8);
		Path bare = repositories.create("sources", name);
		try (Workspace seed = Workspace.open(tmp.resolve("seed"), bare.toUri(), new Identity("t", "t@t"))) {
			Files.writeString(seed.dir().resolve("README.md"), Examples.readme("notes-cli-python"));
			seed.commitAll("docs: the idea");
			seed.push(Workspace.MAIN);
		}
		// A file: URL would make the platform read its own disk: refused, nothing cloned.
		Api.Response refused = api().post("/api/v1/projects",
				Map.of("repository_url", bare.toUri().toString(), "name", "from-disk"));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().path("error").path("details").path("field").asString()).isEqualTo("repository_url");
		Api.Response created = api().post("/api/v1/projects", Map.of("repository_url",
				"http://localhost:" + port + "/git/sources/" + name + ".git", "name", "from-repo"));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().path("project_id").asString();
		JsonNode decision = awaitPendingDecision(id, "plan_approval", Duration.ofSeconds(60));
		assertThat(decision.path("context").path("plan_summary").asString()).containsIgnoringCase("note");
		api().delete("/api/v1/projects/" + id);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
