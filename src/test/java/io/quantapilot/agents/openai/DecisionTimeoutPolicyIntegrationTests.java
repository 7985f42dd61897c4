package io.quantapilot.agents.openai;

import java.time.Duration;
import java.util.Map;

import io.quantapilot.agents.HttpProvidersApplicationTest;
import io.quantapilot.support.Api;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.quantapilot.agents.openai.ChatCompletionsStandIn.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-type timeout policies in this context: plan approval is approved on timeout
 * ({@code quantapilot.workflow.decisions.plan-approval.on-timeout=approve}); agent_failure, a decision outside
 * the engine, keeps the default and escalates.
 */
class DecisionTimeoutPolicyIntegrationTests extends HttpProvidersApplicationTest {

	@Test
	void anUnansweredPlanApprovalIsApprovedWhenItsPolicySaysSo() {
		Api.Response created = api().post("/api/v1/projects", Map.of("readme", "# Greeter\n\nGreets people.",
				"configuration", Map.of("agent_provider", "offline", "decision_timeout", "PT3S")));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().path("project_id").asString();
		JsonNode plan = awaitPendingDecision(id, "plan_approval", Duration.ofSeconds(60));

		awaitStatus(id, "in_progress", Duration.ofSeconds(60));
		JsonNode decided = api().get("/api/v1/hitl/decisions/" + plan.path("decision_id").asString()).json();
		assertThat(decided.path("status").asString()).isEqualTo("approved");
		assertThat(decided.path("decided_by").asString()).isEqualTo("timeout");
		assertThat(decided.path("comments").asString()).isEqualTo("approved automatically: no answer within PT3S");
		assertThat(api().get("/metrics").body()).containsPattern(
				"qp_hitl_decision_seconds_count\\{[^}]*channel=\"timeout\"[^}]*outcome=\"approve\"[^}]*type=\"plan_approval\"");
		api().post("/api/v1/projects/" + id + "/workflow/actions", Map.of("action", "cancel"));
	}

	@Test
	void anUnansweredAgentFailureIsEscalatedAndTheStepWaitsOnTheNewDecision() {
		CHAT.script(request -> CHAT.toolCalls(100, 10, 0, call("read_file", "path", "missing.txt")));
		Api.Response created = api().post("/api/v1/projects", Map.of("readme", "# Greeter\n\nGreets people.",
				"configuration", Map.of("agent_provider", "openai", "decision_timeout", "PT3S")));
		String id = created.json().path("project_id").asString();
		JsonNode first = awaitPendingDecision(id, "agent_failure", Duration.ofSeconds(90));
		assertThat(first.path("timeout_at").isNull()).isFalse();
		String firstId = first.path("decision_id").asString();

		JsonNode[] second = new JsonNode[1];
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
			second[0] = awaitPendingDecision(id, "agent_failure", Duration.ofSeconds(30));
			return !second[0].path("decision_id").asString().equals(firstId);
		});
		assertThat(second[0].path("escalation_level").asInt()).isEqualTo(1);
		assertThat(second[0].path("context").path("escalated").asBoolean()).isTrue();
		assertThat(api().get("/api/v1/hitl/decisions/" + firstId).json().path("status").asString()).isEqualTo("timed_out");
		// Answering the escalated decision resumes the parked step (here with another provider).
		Api.Response switched = api().post("/api/v1/hitl/decisions/" + second[0].path("decision_id").asString(),
				Map.of("decision", "modify", "modifications", Map.of("agent_provider", "offline")));
		if (switched.status() == 409) {
			// It timed out as well meanwhile: answer the newest one.
			JsonNode third = awaitPendingDecision(id, "agent_failure", Duration.ofSeconds(30));
			switched = api().post("/api/v1/hitl/decisions/" + third.path("decision_id").asString(),
					Map.of("decision", "modify", "modifications", Map.of("agent_provider", "offline")));
		}
		assertThat(switched.status()).as(switched.body()).isEqualTo(200);
		awaitStatus(id, "in_progress", Duration.ofSeconds(90));
		api().post("/api/v1/projects/" + id + "/workflow/actions", Map.of("action", "cancel"));
	}

}
