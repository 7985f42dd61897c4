package io.quantapilot.workflow;

import java.time.Duration;
import java.util.Map;

import io.quantapilot.identity.AuditLog;
import io.quantapilot.support.ApplicationIntegrationTest;
import io.quantapilot.support.Examples;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** An unanswered decision times out: it is marked, the escalation is recorded, and it is asked again. */
class DecisionEscalationIntegrationTests extends ApplicationIntegrationTest {

	@Autowired
	AuditLog audit;

	@Test
	void timedOutPlanApprovalIsEscalatedAndAskedAgain() {
		var body = Map.of("readme", Examples.readme("notes-cli-python"), "configuration",
				Map.of("decision_timeout", "PT3S"));
		String id = api().post("/api/v1/projects", body).json().path("project_id").asString();
		JsonNode first = awaitPendingDecision(id, "plan_approval", Duration.ofSeconds(60));
		assertThat(first.path("timeout_at").isNull()).isFalse();
		String firstId = first.path("decision_id").asString();

		Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(
				() -> "timed_out".equals(api().get("/api/v1/hitl/decisions/" + firstId).json().path("status").asString()));
		JsonNode timedOut = api().get("/api/v1/hitl/decisions/" + firstId).json();
		assertThat(timedOut.path("decided_by").asString()).isEqualTo("timeout");
		assertThat(audit.entriesFor("decision", firstId)).anySatisfy(e -> {
			assertThat(e.action()).isEqualTo("decision.escalated");
			assertThat(e.details()).contains("\"escalation_level\": 1");
		});

		JsonNode second = awaitPendingDecision(id, "plan_approval", Duration.ofSeconds(30));
		assertThat(second.path("decision_id").asString()).isNotEqualTo(firstId);
		assertThat(second.path("escalation_level").asInt()).isEqualTo(1);
		assertThat(second.path("context").path("escalated").asBoolean()).isTrue();
		assertThat(api().post("/api/v1/hitl/decisions/" + firstId, Map.of("decision", "approve")).status())
			.isEqualTo(409);
		// The new decision times out too (after 3 s) unless answered: approve whichever one is pending.
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
			JsonNode pending = awaitPendingDecision(id, "plan_approval", Duration.ofSeconds(30));
			return api().post("/api/v1/hitl/decisions/" + pending.path("decision_id").asString(),
					Map.of("decision", "approve")).status() == 200;
		});
		awaitStatus(id, "completed", Duration.ofMinutes(3));
	}

}
