package io.quantapilot.api;

import java.time.Duration;
import java.util.Map;

import io.quantapilot.support.ApplicationIntegrationTest;
import io.quantapilot.support.Examples;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Usage, costs, project and system figures, and the provider check. */
class UsageApiIntegrationTests extends ApplicationIntegrationTest {

	@Test
	void usageIsGroupedFromTheLedger() {
		String id = createProject(Examples.readme("notes-cli-python"));
		JsonNode decision = awaitPendingDecision(id, "plan_approval", Duration.ofSeconds(60));
		api().post("/api/v1/hitl/decisions/" + decision.path("decision_id").asString(), Map.of("decision", "approve"));
		awaitStatus(id, "completed", Duration.ofMinutes(3));

		JsonNode byRole = api().get("/api/v1/usage/tokens?project_id=" + id + "&group_by=role").json();
		assertThat(byRole.path("groups")).extracting(g -> g.path("group").asString()).containsExactly("architect",
				"developer", "qa");
		JsonNode developer = byRole.path("groups").get(1);
		int stages = api().get("/api/v1/projects/" + id + "/stages").json().path("stages").size();
		assertThat(developer.path("runs").asLong()).isEqualTo(stages);
		// One QA run per stage, counted in the ledger like the others.
		assertThat(byRole.path("groups").get(2).path("runs").asLong()).isEqualTo(stages);
		// The offline provider uses no model: zero tokens, zero cost, reported rather than estimated.
		assertThat(byRole.path("total_tokens").asLong()).isZero();
		assertThat(developer.path("estimated").asBoolean()).isFalse();

		JsonNode byStage = api().get("/api/v1/usage/tokens?project_id=" + id + "&group_by=stage").json();
		assertThat(byStage.path("groups")).extracting(g -> g.path("group").asString()).contains("plan", "1", "2");

		ApiContractIntegrationTests.assertError(api().get("/api/v1/usage/tokens?group_by=colour"), 400,
				"INVALID_REQUEST");
		ApiContractIntegrationTests.assertError(api().get("/api/v1/metrics/costs?period=forever"), 400,
				"INVALID_REQUEST");

		JsonNode costs = api().get("/api/v1/metrics/costs?period=30d&group_by=day").json();
		assertThat(costs.has("projected_month_usd")).isTrue();
		assertThat(costs.path("daily").size()).isGreaterThanOrEqualTo(1);

		JsonNode projects = api().get("/api/v1/metrics/projects?period=7d").json();
		assertThat(projects.path("total").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(projects.path("by_status").path("completed").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(projects.path("average_duration_seconds").asDouble()).isPositive();

		JsonNode system = api().get("/api/v1/metrics/system").json();
		assertThat(system.path("uptime_seconds").asLong()).isGreaterThanOrEqualTo(0);
		assertThat(system.has("queue")).isTrue();
	}

	@Test
	void providerChecksAreListedAndAnUnavailableProviderIsRefusedBeforeTheProjectStarts() {
		JsonNode providers = api().get("/api/v1/agents/providers").json().path("providers");
		assertThat(providers).anySatisfy(p -> {
			assertThat(p.path("provider").asString()).isEqualTo("offline");
			assertThat(p.path("ok").asBoolean()).isTrue();
		});
		long before = api().get("/api/v1/projects?limit=1").json().path("pagination").path("total").asLong();
		var response = api().post("/api/v1/projects",
				Map.of("readme", "# X", "configuration", Map.of("agent_provider", "command")));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().path("error").path("message").asString()).contains("command");
		assertThat(api().get("/api/v1/projects?limit=1").json().path("pagination").path("total").asLong())
			.isEqualTo(before);
	}

}
