package io.quantapilot.ops;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.quantapilot.support.Api;
import io.quantapilot.support.Examples;
import io.quantapilot.support.Git;
import io.quantapilot.support.QuantaPilotProcess;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stops a real server process with SIGTERM and with SIGKILL while a project waits for approval and while
 * a stage runs; after each restart the project continues and completes, and no stage is done twice.
 */
class RestartDurabilityIntegrationTests {

	private static final String KEY = "qp_durability_tests_admin_key_0123456789";

	@TempDir
	Path tmp;

	@Test
	void projectSurvivesSigkillWhileAwaitingApprovalAndSigtermDuringAStage() {
		Path data = tmp.resolve("data");
		int port = QuantaPilotProcess.freePort();
		QuantaPilotProcess server = QuantaPilotProcess.server(data, port, KEY);
		Api api = new Api("http://localhost:" + port, KEY);
		String id = api.post("/api/v1/projects", Api.readmeBody(Examples.readme("todo-api-java")))
			.json()
			.path("project_id")
			.asString();
		JsonNode decision = awaitDecision(api, id);

		server.kill();
		server = QuantaPilotProcess.server(data, port, KEY);
		JsonNode afterKill = api.get("/api/v1/hitl/decisions/" + decision.path("decision_id").asString()).json();
		assertThat(afterKill.path("status").asString()).isEqualTo("pending");
		assertThat(api.get("/api/v1/projects/" + id).json().path("status").asString()).isEqualTo("awaiting_approval");
		api.post("/api/v1/hitl/decisions/" + decision.path("decision_id").asString(), Map.of("decision", "approve"));

		awaitStage(api, id, s -> s.path("number").asInt() == 2 && "verify".equals(s.path("current_step").asString()));
		int exit = server.terminate();
		assertThat(exit).as(server.output()).isIn(0, 143);
		assertThat(server.output()).doesNotContain("OutOfMemoryError");

		server = QuantaPilotProcess.server(data, port, KEY);
		awaitCompleted(api, id);
		assertEachStageDoneOnce(api, id, tmp.resolve("clone-1"));
		server.terminate();
	}

	@Test
	void projectSurvivesSigkillDuringAStage() {
		Path data = tmp.resolve("data");
		int port = QuantaPilotProcess.freePort();
		QuantaPilotProcess server = QuantaPilotProcess.server(data, port, KEY);
		Api api = new Api("http://localhost:" + port, KEY);
		String id = api.post("/api/v1/projects", Api.readmeBody(Examples.readme("todo-api-java")))
			.json()
			.path("project_id")
			.asString();
		JsonNode decision = awaitDecision(api, id);
		api.post("/api/v1/hitl/decisions/" + decision.path("decision_id").asString(), Map.of("decision", "approve"));

		awaitStage(api, id, s -> s.path("number").asInt() == 1 && "verify".equals(s.path("current_step").asString()));
		server.kill();
		QuantaPilotProcess second = QuantaPilotProcess.server(data, port, KEY);
		awaitCompleted(api, id);
		assertEachStageDoneOnce(api, id, tmp.resolve("clone-2"));

		// A second server on the same data directory is refused with a clear message.
		QuantaPilotProcess intruder = QuantaPilotProcess.start(tmp.resolve("intruder.log"), Map.of(), "server",
				"--port", Integer.toString(QuantaPilotProcess.freePort()), "--data-dir", data.toString());
		assertThat(intruder.waitFor(Duration.ofSeconds(90))).isNotZero();
		assertThat(intruder.output()).contains("is in use by another QuantaPilot process");
		second.terminate();
	}

	private static JsonNode awaitDecision(Api api, String id) {
		JsonNode[] decision = new JsonNode[1];
		Awaitility.await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(200)).until(() -> {
			JsonNode list = api.get("/api/v1/hitl/decisions?status=pending&project_id=" + id).json().path("decisions");
			decision[0] = list.size() > 0 ? list.get(0) : null;
			return decision[0] != null;
		});
		return decision[0];
	}

	private static void awaitStage(Api api, String id, Predicate<JsonNode> condition) {
		Awaitility.await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofMillis(50)).until(() -> {
			for (JsonNode stage : api.get("/api/v1/projects/" + id + "/stages").json().path("stages")) {
				if (condition.test(stage)) {
					return true;
				}
			}
			return false;
		});
	}

	private static void awaitCompleted(Api api, String id) {
		Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500)).until(() -> {
			String status = api.get("/api/v1/projects/" + id).json().path("status").asString();
			assertThat(status).isNotIn("failed", "cancelled");
			return "completed".equals(status);
		});
	}

	private static void assertEachStageDoneOnce(Api api, String id, Path clone) {
		JsonNode project = api.get("/api/v1/projects/" + id).json();
		JsonNode stages = api.get("/api/v1/projects/" + id + "/stages").json().path("stages");
		JsonNode pullRequests = api.get("/api/v1/projects/" + id + "/pull-requests").json().path("pull_requests");
		assertThat(pullRequests.size()).isEqualTo(stages.size());
		JsonNode runs = api.get("/api/v1/projects/" + id + "/agent-runs").json().path("agent_runs");
		for (JsonNode stage : stages) {
			int number = stage.path("number").asInt();
			assertThat(stage.path("status").asString()).isEqualTo("completed");
			long succeeded = 0;
			long qa = 0;
			for (JsonNode run : runs) {
				if (run.path("stage").asInt(-1) == number && "succeeded".equals(run.path("status").asString())) {
					if ("qa".equals(run.path("role").asString())) {
						qa++;
					}
					else {
						succeeded++;
					}
				}
			}
			assertThat(succeeded).as("developer runs of stage " + number).isEqualTo(1);
			assertThat(qa).as("QA runs of stage " + number).isEqualTo(1);
		}
		Git.cloneWithKey(clone.getParent(), project.path("artifacts").path("repository_url").asString(), clone, KEY);
		List<String> subjects = Git.lines(clone, "log", "--format=%s", "main");
		for (JsonNode stage : stages) {
			assertThat(subjects).filteredOn(s -> s.startsWith("feat(stage-" + stage.path("number").asInt() + "): "))
				.as("merges of stage " + stage.path("number").asInt())
				.hasSize(1);
		}
		assertThat(Git.lines(clone, "tag")).containsExactly("v1.0.0");
	}

}
