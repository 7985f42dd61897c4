package io.quantapilot.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quantapilot.identity.AuditLog;
import io.quantapilot.support.Api;
import io.quantapilot.support.ApplicationIntegrationTest;
import io.quantapilot.support.Examples;
import io.quantapilot.support.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * A stage that fails its quality gates goes through the fix loop to a {@code quality_override} decision; a
 * retry with guidance sends it back to the developer, an override with a reason merges it, and the reason
 * is in the audit log and the merge commit. Driven by a threshold the first stage of the offline Python
 * project cannot meet (it has 3 tests, the project asks for 5); later stages meet it.
 */
class QualityOverrideIntegrationTests extends ApplicationIntegrationTest {

	private static final Duration PIPELINE = Duration.ofMinutes(3);

	@Autowired
	AuditLog audit;

	@Test
	void aStageFailingItsGatesWaitsForAPersonWhoCanSendItBackAndThenOverrideIt(@TempDir Path tmp) throws Exception {
		Api.Response created = api().post("/api/v1/projects", Map.of("readme", Examples.readme("notes-cli-python"),
				"configuration", Map.of("min_tests", 5)));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().path("project_id").asString();
		JsonNode plan = awaitPendingDecision(id, "plan_approval", Duration.ofSeconds(60));
		api().post("/api/v1/hitl/decisions/" + plan.path("decision_id").asString(), Map.of("decision", "approve"));

		// The first attempt and two fix attempts fail min_tests; then a person is asked.
		JsonNode first = awaitPendingDecision(id, "quality_override", PIPELINE);
		assertThat(first.path("options").toString()).isEqualTo("[\"approve\",\"modify\",\"reject\"]");
		JsonNode context = first.path("context");
		assertThat(context.path("stage").asInt()).isEqualTo(1);
		assertThat(context.path("fix_attempts").asInt()).isEqualTo(2);
		assertThat(context.path("failed_gates").toString()).isEqualTo("[\"min_tests\"]");
		assertThat(context.path("option_meanings").path("approve").asString()).startsWith("override");
		assertThat(context.path("gates").toString()).contains("\"gate\":\"min_tests\"", "\"threshold\":\"5\"");
		JsonNode gates = api().get("/api/v1/testing/quality-gates/" + id).json();
		assertThat(gates.path("configuration").path("min_tests").asInt()).isEqualTo(5);
		assertThat(gates.path("evaluations")).hasSize(3).allSatisfy(evaluation -> {
			assertThat(evaluation.path("passed").asBoolean()).isFalse();
			// The offline developer's fix attempts rewrite the same tests: nothing to hold against them.
			assertThat(evaluation.path("gates").get(4).path("gate").asString()).isEqualTo("no_cheating");
			assertThat(evaluation.path("gates").get(4).path("verdict").asString()).isEqualTo("passed");
		});
		assertThat(api().get("/api/v1/projects/" + id + "/stages").json().path("stages").get(0).path("status")
			.asString()).isEqualTo("awaiting_decision");

		// Retry with guidance: a new round of attempts, then the person is asked again.
		String guidance = "add tests for the command line entry point";
		api().post("/api/v1/hitl/decisions/" + first.path("decision_id").asString(),
				Map.of("decision", "modify", "comments", guidance));
		JsonNode[] second = new JsonNode[1];
		org.awaitility.Awaitility.await().atMost(PIPELINE).until(() -> {
			second[0] = awaitPendingDecision(id, "quality_override", PIPELINE);
			return !second[0].path("decision_id").equals(first.path("decision_id"));
		});
		JsonNode evaluations = api().get("/api/v1/testing/quality-gates/" + id).json().path("evaluations");
		assertThat(evaluations).hasSize(6);
		assertThat(evaluations.get(2).path("decision").asString()).isEqualTo("retry");
		assertThat(evaluations.get(2).path("decision_comments").asString()).isEqualTo(guidance);
		assertThat(evaluations.get(2).path("decided_by").asString()).isEqualTo("admin");

		// Override with a reason: the stage is merged, the later stages pass their gates on their own.
		String reason = "stage 1 is only the skeleton; three tests are enough for it";
		api().post("/api/v1/hitl/decisions/" + second[0].path("decision_id").asString(),
				Map.of("decision", "approve", "comments", reason));
		JsonNode project = awaitStatus(id, "completed", PIPELINE);

		JsonNode stages = api().get("/api/v1/testing/quality-gates/" + id).json().path("stages");
		assertThat(stages).hasSize(4);
		assertThat(stages.get(0).path("passed").asBoolean()).isFalse();
		assertThat(stages.get(0).path("decision").asString()).isEqualTo("override");
		assertThat(stages.get(0).path("decision_comments").asString()).isEqualTo(reason);
		for (int i = 1; i < 4; i++) {
			assertThat(stages.get(i).path("passed").asBoolean()).as("stage " + (i + 1)).isTrue();
		}
		assertThat(audit.entriesFor("project", id)).extracting(AuditLog.Entry::action)
			.contains("quality.retry_requested", "quality.overridden");
		assertThat(audit.entriesFor("project", id))
			.filteredOn(entry -> entry.action().equals("quality.overridden"))
			.singleElement()
			.satisfies(entry -> {
				assertThat(entry.actor()).isEqualTo("admin");
				assertThat(entry.details()).contains(reason, "min_tests");
			});
		Path clone = tmp.resolve("clone");
		Git.cloneWithKey(tmp, project.path("artifacts").path("repository_url").asString(), clone, ADMIN_KEY);
		String stageOne = String.join("\n", Git.lines(clone, "log", "--format=%B", "--grep=^feat(stage-1)", "main"));
		assertThat(stageOne).contains("Quality gates: FAILED", "min_tests: FAILED (3, threshold 5)",
				"Quality override by admin: " + reason);
	}

	@Test
	void testingConfigurationIsValidatedAndBecomesTheProjectsConfiguration() {
		String id = createProject("# Configured Sample\n\nA tiny Python tool.");

		Api.Response updated = api().sendJson("PUT", "/api/v1/testing/configuration/" + id, """
				{"min_coverage": 90, "min_tests": 3, "test_network": "denied", "test_timeout": "PT5M",
				 "test_command": "python3 -m pytest -q",
				 "extra_commands": [{"name": "lint", "command": "python3 -m pyflakes ."}]}""");

		assertThat(updated.status()).as(updated.body()).isEqualTo(200);
		JsonNode configuration = updated.json().path("configuration");
		assertThat(configuration.path("min_coverage").asInt()).isEqualTo(90);
		assertThat(configuration.path("test_network").asString()).isEqualTo("denied");
		assertThat(configuration.path("coverage_not_measured").asString()).isEqualTo("pass");
		assertThat(api().get("/api/v1/projects/" + id).json().toString()).contains("\"test_timeout\":\"PT5M\"");
		assertThat(api().get("/api/v1/testing/quality-gates/" + id).json().path("configuration").path("min_tests")
			.asInt()).isEqualTo(3);

		assertInvalid(id, "{\"min_coverage\": 150}", "min_coverage", "from 0 to 100");
		assertInvalid(id, "{\"test_network\": \"sometimes\"}", "test_network", "allowed");
		assertInvalid(id, "{\"test_command\": \"npm test | tee log\"}", "test_command", "without a shell");
		assertInvalid(id, "{\"extra_commands\": [{\"name\": \"lint\"}]}", "extra_commands[0].command", "command");
		assertInvalid(id, "{\"thresholds\": 1}", "thresholds", "unknown testing setting");
		assertInvalid(id, "{}", "settings", "at least one of");
		Api.Response malformed = api().sendJson("PUT", "/api/v1/testing/configuration/" + id, "{\"min_tests\":");
		assertThat(malformed.status()).isEqualTo(400);
		// Creating a project with a bad testing setting is refused the same way.
		Api.Response badProject = api().post("/api/v1/projects",
				Map.of("readme", "# X\n", "configuration", Map.of("min_tests", -2)));
		assertThat(badProject.status()).isEqualTo(400);
		assertThat(badProject.json().path("error").path("details").path("field").asString())
			.isEqualTo("configuration.min_tests");

		String unknown = UUID.randomUUID().toString();
		assertThat(api().sendJson("PUT", "/api/v1/testing/configuration/" + unknown, "{\"min_tests\": 1}").status())
			.isEqualTo(404);
		assertThat(api().get("/api/v1/testing/quality-gates/" + unknown).status()).isEqualTo(404);
		assertThat(new Api("http://localhost:" + port, "qp_wrong").sendJson("PUT",
				"/api/v1/testing/configuration/" + id, "{\"min_tests\": 1}").status()).isEqualTo(401);
		api().delete("/api/v1/projects/" + id);
	}

	private void assertInvalid(String id, String body, String field, String message) {
		Api.Response response = api().sendJson("PUT", "/api/v1/testing/configuration/" + id, body);
		assertThat(response.status()).as(body).isEqualTo(400);
		JsonNode error = response.json().path("error");
		assertThat(error.path("code").asString()).isEqualTo("INVALID_REQUEST");
		assertThat(error.path("details").path("field").asString()).isEqualTo(field);
		assertThat(error.path("message").asString()).contains(message);
	}

}
