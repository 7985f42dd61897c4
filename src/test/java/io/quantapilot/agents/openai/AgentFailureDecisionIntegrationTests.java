package io.quantapilot.agents.openai;

import java.time.Duration;
import java.util.Map;

import io.quantapilot.agents.HttpProvidersApplicationTest;
import io.quantapilot.support.Api;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.quantapilot.agents.openai.ChatCompletionsStandIn.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider that keeps failing does not fail the project: once the step's attempts are spent the step waits
 * on an agent_failure decision, and switching the provider there lets the project go on.
 */
class AgentFailureDecisionIntegrationTests extends HttpProvidersApplicationTest {

	@Test
	void aRunThatKeepsGettingStuckWaitsOnAnAgentFailureDecisionAndAnotherProviderTakesOver() {
		// The model reads a file that does not exist, again and again: every run is stopped as stuck.
		CHAT.script(request -> CHAT.toolCalls(100, 10, 0, call("read_file", "path", "missing.txt")));
		Api.Response created = api().post("/api/v1/projects",
				Map.of("readme", "# Greeter\n\nGreets people.", "configuration", Map.of("agent_provider", "openai")));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().path("project_id").asString();

		JsonNode failure = awaitPendingDecision(id, "agent_failure", Duration.ofSeconds(90));
		assertThat(failure.path("context").path("step").asString()).isEqualTo("plan");
		assertThat(failure.path("context").path("provider").asString()).isEqualTo("openai");
		JsonNode project = api().get("/api/v1/projects/" + id).json();
		assertThat(project.path("status").asString()).isNotEqualTo("failed");
		JsonNode runs = api().get("/api/v1/projects/" + id + "/agent-runs").json().path("agent_runs");
		assertThat(runs).hasSize(3);
		for (JsonNode run : runs) {
			assertThat(run.path("status").asString()).isEqualTo("failed");
			assertThat(run.path("error").asString()).contains("stuck");
		}

		Api.Response switched = api().post("/api/v1/hitl/decisions/" + failure.path("decision_id").asString(),
				Map.of("decision", "modify", "modifications", Map.of("agent_provider", "offline")));
		assertThat(switched.status()).as(switched.body()).isEqualTo(200);
		awaitPendingDecision(id, "plan_approval", Duration.ofSeconds(60));
		assertThat(api().get("/api/v1/projects/" + id).json().path("configuration").path("agent_provider").asString())
			.isEqualTo("offline");
		api().post("/api/v1/projects/" + id + "/workflow/actions", Map.of("action", "cancel"));
	}

}
