package io.quantapilot.workflow;

import java.time.Duration;
import java.util.Map;

import io.quantapilot.support.Api;
import io.quantapilot.support.ApplicationIntegrationTest;
import io.quantapilot.support.Examples;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A decision type whose policy is to fail on timeout: the shared test context configures
 * {@code quantapilot.workflow.decisions.quality-override.on-timeout=fail}. An unanswered quality override
 * fails the stage and the project, which stays retryable.
 */
class QualityOverrideTimeoutIntegrationTests extends ApplicationIntegrationTest {

	@Test
	void anUnansweredQualityOverrideFailsTheProjectWhenItsPolicySaysSo() {
		Api.Response created = api().post("/api/v1/projects", Map.of("readme", Examples.readme("notes-cli-python"),
				"configuration", Map.of("min_tests", 5, "decision_timeout", "PT4S")));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().path("project_id").asString();
		// Plan approval keeps the default policy (escalate): approve whichever one is pending.
		Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> {
			JsonNode pending = awaitPendingDecision(id, "plan_approval", Duration.ofSeconds(60));
			return api().post("/api/v1/hitl/decisions/" + pending.path("decision_id").asString(),
					Map.of("decision", "approve")).status() == 200;
		});

		JsonNode override = awaitPendingDecision(id, "quality_override", Duration.ofMinutes(3));
		JsonNode failed = awaitStatus(id, "failed", Duration.ofSeconds(60));
		assertThat(failed.path("failure_reason").asString()).contains("stage 1", "quality_override got no answer within PT4S");
		JsonNode decision = api().get("/api/v1/hitl/decisions/" + override.path("decision_id").asString()).json();
		assertThat(decision.path("status").asString()).isEqualTo("timed_out");
		assertThat(decision.path("decided_by").asString()).isEqualTo("timeout");
		assertThat(api().get("/api/v1/hitl/decisions?status=pending&project_id=" + id).json().path("decisions")).isEmpty();
		assertThat(api().get("/api/v1/projects/" + id + "/stages").json().path("stages").get(0).path("status").asString())
			.isEqualTo("failed");
		// Failed, not finished: the stage can be retried (and then waits on a person again).
		assertThat(api().post("/api/v1/projects/" + id + "/workflow/actions", Map.of("action", "retry_stage")).status())
			.isEqualTo(200);
		awaitPendingDecision(id, "quality_override", Duration.ofMinutes(3));
		api().post("/api/v1/projects/" + id + "/workflow/actions", Map.of("action", "cancel"));
	}

}
