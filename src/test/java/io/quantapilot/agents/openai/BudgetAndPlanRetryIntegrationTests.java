package io.quantapilot.agents.openai;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.quantapilot.agents.HttpProvidersApplicationTest;
import io.quantapilot.support.Api;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.quantapilot.agents.openai.ChatCompletionsStandIn.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Budgets and plan validation with a model-driven provider: a run that crosses the limit is stopped and the
 * step waits on a budget_exceeded decision until the limit is raised; an invalid plan is retried with the
 * validation errors in the prompt.
 */
class BudgetAndPlanRetryIntegrationTests extends HttpProvidersApplicationTest {

	private static final String PLAN = """
			{"summary": "A greeting library.", "tech_stack": {"language": "python", "test_framework": "unittest"},
			 "stages": [{"number": 1, "name": "greet", "goal": "greet(name)", "estimated_tokens": 1000}], "risks": []}
			""";

	private static final String INVALID_PLAN = """
			{"summary": "A greeting library.", "tech_stack": {"language": "python"},
			 "stages": [{"number": 1, "name": "Greet People!", "goal": "greet(name)"}]}
			""";

	@Test
	void aRunCrossingTheBudgetIsStoppedAndResumesAfterTheLimitIsRaised() {
		// Two model calls of 15,600 and 11,100 tokens: the second crosses a 25,000-token limit.
		CHAT.script(request -> {
			List<ChatCompletionsStandIn.Reply> turns = List.of(
					CHAT.toolCalls(15_000, 600, 0, call("write_file", "path", ".quantapilot/plan.json", "content", PLAN)),
					CHAT.toolCalls(11_000, 100, 0, call("write_file", "path", "docs/ARCHITECTURE.md", "content", "# A\n")),
					CHAT.toolCalls(500, 10, 0, call("finish", "summary", "Planned.")));
			return request.turn() < turns.size() ? turns.get(request.turn()) : ChatCompletionsStandIn.error(500, "done");
		});
		Api.Response created = api().post("/api/v1/projects", Map.of("readme", "# Greeter\n\nGreets people.",
				"configuration", Map.of("agent_provider", "openai"), "budget_limits", Map.of("max_tokens", 25_000)));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().path("project_id").asString();

		JsonNode budget = awaitPendingDecision(id, "budget_exceeded", Duration.ofSeconds(60));
		assertThat(budget.path("context").path("step").asString()).isEqualTo("plan");
		assertThat(budget.path("context").path("max_tokens").asLong()).isEqualTo(25_000);
		JsonNode stopped = api().get("/api/v1/projects/" + id + "/agent-runs").json().path("agent_runs").get(0);
		assertThat(stopped.path("status").asString()).isEqualTo("failed");
		assertThat(stopped.path("input_tokens").asLong() + stopped.path("output_tokens").asLong()).isEqualTo(26_700);
		JsonNode log = api().get("/api/v1/agent-runs/" + stopped.path("run_id").asString()).json().path("events");
		assertThat(log.toString()).contains("budget 50 % reached", "budget 80 % reached", "budget 100 % reached",
				"the budget is used up: stopping the run");
		assertThat(api().get("/metrics").body()).contains("qp_agent_tokens_total{");

		// A modification that is not a budget is refused; raising the limit lets the step run again.
		assertThat(api().post("/api/v1/hitl/decisions/" + budget.path("decision_id").asString(),
				Map.of("decision", "modify", "modifications", Map.of("agent_provider", "offline"))).status())
			.isEqualTo(400);
		Api.Response raised = api().post("/api/v1/hitl/decisions/" + budget.path("decision_id").asString(),
				Map.of("decision", "modify", "modifications", Map.of("budget_limits", Map.of("max_tokens", 1_000_000))));
		assertThat(raised.status()).as(raised.body()).isEqualTo(200);

		awaitPendingDecision(id, "plan_approval", Duration.ofSeconds(60));
		JsonNode project = api().get("/api/v1/projects/" + id).json();
		assertThat(project.path("budget_limits").path("max_tokens").asLong()).isEqualTo(1_000_000);
		// Totals never reset: the stopped run's tokens count as well as the second run's.
		assertThat(project.path("resource_usage").path("tokens_used").asLong()).isEqualTo(26_700 + 26_700 + 510);
		api().post("/api/v1/projects/" + id + "/workflow/actions", Map.of("action", "cancel"));
	}

	@Test
	void anInvalidPlanIsRetriedWithTheValidationErrors() {
		CHAT.script(request -> {
			boolean retry = request.userPrompt().contains("Your previous plan was rejected");
			List<ChatCompletionsStandIn.Reply> turns = List.of(
					CHAT.toolCalls(100, 50, 0,
							call("write_file", "path", ".quantapilot/plan.json", "content", retry ? PLAN : INVALID_PLAN)),
					CHAT.toolCalls(100, 10, 0, call("finish", "summary", retry ? "Fixed the plan." : "Planned.")));
			return request.turn() < turns.size() ? turns.get(request.turn()) : ChatCompletionsStandIn.error(500, "done");
		});
		Api.Response created = api().post("/api/v1/projects",
				Map.of("readme", "# Greeter\n\nGreets people.", "configuration", Map.of("agent_provider", "openai")));
		String id = created.json().path("project_id").asString();

		JsonNode decision = awaitPendingDecision(id, "plan_approval", Duration.ofSeconds(90));
		assertThat(decision.path("context").path("stages").get(0).path("name").asString()).isEqualTo("greet");
		JsonNode runs = api().get("/api/v1/projects/" + id + "/agent-runs").json().path("agent_runs");
		assertThat(runs).hasSize(2);
		assertThat(runs.get(0).path("status").asString()).isEqualTo("rejected");
		assertThat(runs.get(0).path("error").asString()).contains("invalid plan").contains("/stages/0/name");
		assertThat(runs.get(1).path("status").asString()).isEqualTo("succeeded");
		api().post("/api/v1/projects/" + id + "/workflow/actions", Map.of("action", "cancel"));
	}

}
