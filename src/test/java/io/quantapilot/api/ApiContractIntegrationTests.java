package io.quantapilot.api;

import java.net.http.HttpRequest;
import java.util.Map;
import java.util.UUID;

import io.quantapilot.support.Api;
import io.quantapilot.support.ApplicationIntegrationTest;
import io.quantapilot.support.Examples;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API contract's cross-cutting rules: authentication, the error body for every kind of bad request
 * (and never a 500), correlation ids, rate-limit headers, and that bad input changes nothing.
 */
class ApiContractIntegrationTests extends ApplicationIntegrationTest {

	@Test
	void requestsWithoutOrWithAWrongKeyAreUnauthenticated() {
		Api.Response missing = api().withKey(null).get("/api/v1/projects");
		assertError(missing, 401, "UNAUTHENTICATED");
		Api.Response wrong = api().withKey("qp_not_a_real_key_at_all_0000000000").get("/api/v1/projects");
		assertError(wrong, 401, "UNAUTHENTICATED");
		Api.Response versions = api().withKey(null).get("/api/versions");
		assertError(versions, 401, "UNAUTHENTICATED");
	}

	@Test
	void correlationIdIsEchoedOrCreatedAndRateLimitHeadersAreSent() {
		Api.Response echoed = api().send(api().request("/api/v1/projects").header("X-Correlation-ID", "trace-42").GET());
		assertThat(echoed.status()).isEqualTo(200);
		assertThat(echoed.header("X-Correlation-ID")).isEqualTo("trace-42");
		assertThat(echoed.header("X-RateLimit-Limit")).isNotNull();
		assertThat(Integer.parseInt(echoed.header("X-RateLimit-Remaining"))).isGreaterThanOrEqualTo(0);
		assertThat(Long.parseLong(echoed.header("X-RateLimit-Reset"))).isGreaterThan(System.currentTimeMillis() / 1000 - 1);

		Api.Response created = api().withKey(null).get("/api/v1/projects");
		assertThat(created.header("X-Correlation-ID")).isNotBlank();
		assertThat(created.json().path("error").path("correlation_id").asString())
			.isEqualTo(created.header("X-Correlation-ID"));
	}

	@Test
	void malformedJsonIsABadRequest() {
		assertError(api().sendJson("POST", "/api/v1/projects", "{\"readme\": "), 400, "MALFORMED_JSON");
		assertError(api().sendJson("POST", "/api/v1/projects", ""), 400, "MALFORMED_JSON");
		assertError(api().sendJson("POST", "/api/v1/projects", "[1,2]"), 400, "MALFORMED_JSON");
	}

	@Test
	void invalidProjectsAreRefusedWithTheFieldNamed() {
		long before = projectCount();
		assertError(api().post("/api/v1/projects", Map.of("name", "x")), 400, "INVALID_REQUEST");
		Api.Response both = api().post("/api/v1/projects",
				Map.of("readme", "# A", "repository_url", "https://example.com/a.git"));
		assertError(both, 400, "INVALID_REQUEST");
		assertError(api().post("/api/v1/projects", Map.of("repository_url", "not a url")), 400, "INVALID_REQUEST");
		Api.Response provider = api().post("/api/v1/projects",
				Map.of("readme", "# A", "configuration", Map.of("agent_provider", "magic")));
		assertError(provider, 400, "INVALID_REQUEST");
		assertThat(provider.json().path("error").path("details").path("field").asString())
			.isEqualTo("configuration.agent_provider");
		Api.Response budget = api().post("/api/v1/projects",
				Map.of("readme", "# A", "budget_limits", Map.of("max_tokens", -5)));
		assertError(budget, 400, "INVALID_REQUEST");
		assertThat(projectCount()).isEqualTo(before);
	}

	@Test
	void oversizedReadmesAndBodiesAreRefused() {
		long before = projectCount();
		String readme = "# Big\n" + "x".repeat(1024 * 1024 + 10);
		Api.Response tooBigReadme = api().post("/api/v1/projects", Map.of("readme", readme));
		assertError(tooBigReadme, 400, "INVALID_REQUEST");
		assertThat(tooBigReadme.json().path("error").path("details").path("field").asString()).isEqualTo("readme");
		String hugeBody = "{\"readme\": \"" + "y".repeat(3 * 1024 * 1024) + "\"}";
		assertError(api().sendJson("POST", "/api/v1/projects", hugeBody), 413, "PAYLOAD_TOO_LARGE");
		assertThat(projectCount()).isEqualTo(before);
	}

	@Test
	void unknownIdsAndRoutesAreNotFound() {
		assertError(api().get("/api/v1/projects/" + UUID.randomUUID()), 404, "NOT_FOUND");
		assertError(api().get("/api/v1/hitl/decisions/" + UUID.randomUUID()), 404, "NOT_FOUND");
		assertError(api().post("/api/v1/hitl/decisions/" + UUID.randomUUID(), Map.of("decision", "approve")), 404,
				"NOT_FOUND");
		assertError(api().get("/api/v1/agent-runs/" + UUID.randomUUID()), 404, "NOT_FOUND");
		assertError(api().get("/api/v1/no-such-thing"), 404, "NOT_FOUND");
		assertError(api().get("/api/v1/projects/not-a-uuid"), 400, "INVALID_REQUEST");
		assertError(api().get("/api/v1/projects?status=sleeping"), 400, "INVALID_REQUEST");
		assertError(api().get("/api/v1/projects?limit=0"), 400, "INVALID_REQUEST");
		assertError(api().send(api().request("/api/v1/projects").PUT(HttpRequest.BodyPublishers.ofString("{}"))), 405,
				"METHOD_NOT_ALLOWED");
	}

	@Test
	void unknownWorkflowActionsAndInvalidDecisionsAreRefused() {
		String id = createProject(Examples.readme("notes-cli-python"));
		assertError(api().post("/api/v1/projects/" + id + "/workflow/actions", Map.of("action", "dance")), 400,
				"INVALID_REQUEST");
		assertError(api().post("/api/v1/projects/" + id + "/workflow/resume", Map.of()), 409, "CONFLICT");
		JsonNode decision = awaitPendingDecision(id, "plan_approval", java.time.Duration.ofSeconds(60));
		String decisionPath = "/api/v1/hitl/decisions/" + decision.path("decision_id").asString();
		assertError(api().post(decisionPath, Map.of("decision", "maybe")), 400, "INVALID_REQUEST");
		assertError(api().post(decisionPath, Map.of("decision", "modify")), 400, "INVALID_REQUEST");
		assertThat(api().get(decisionPath).json().path("status").asString()).isEqualTo("pending");
		assertThat(api().delete("/api/v1/projects/" + id).status()).isEqualTo(204);
	}

	@Test
	void versionsOpenApiHealthAndMetricsAreServed() {
		JsonNode versions = api().get("/api/versions").json();
		assertThat(versions.path("current").asString()).isEqualTo("v1");
		Api.Response openapi = api().get("/api/v1/openapi.json");
		assertThat(openapi.status()).isEqualTo(200);
		assertThat(openapi.json().path("paths").has("/api/v1/projects")).isTrue();
		assertThat(openapi.json().path("paths").has("/api/v1/hitl/decisions/{id}")).isTrue();

		Api.Response health = api().withKey(null).get("/health");
		assertThat(health.status()).isEqualTo(200);
		JsonNode database = health.json().path("components").path("database");
		assertThat(database.path("fsync").asString()).isEqualTo("on");
		assertThat(database.path("synchronous_commit").asString()).isEqualTo("on");
		assertThat(health.json().path("components").path("engine").path("process_deployed").asBoolean()).isTrue();

		Api.Response metrics = api().withKey(null).get("/metrics");
		assertThat(metrics.status()).isEqualTo(200);
		assertThat(metrics.body()).contains("qp_projects{").contains("qp_decisions_pending").contains("jvm_memory_used_bytes");
	}

	private long projectCount() {
		return api().get("/api/v1/projects?limit=1").json().path("pagination").path("total").asLong();
	}

	static void assertError(Api.Response response, int status, String code) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		JsonNode error = response.json().path("error");
		assertThat(error.path("code").asString()).isEqualTo(code);
		assertThat(error.path("message").asString()).isNotBlank();
		assertThat(error.has("correlation_id")).isTrue();
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
	}

}
