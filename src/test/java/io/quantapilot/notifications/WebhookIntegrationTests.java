package io.quantapilot.notifications;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.quantapilot.identity.ApiKeyService;
import io.quantapilot.identity.UserRole;
import io.quantapilot.identity.UserService;
import io.quantapilot.notifications.webhooks.WebhookSignatures;
import io.quantapilot.support.Api;
import io.quantapilot.support.Examples;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outbound webhooks to a real HTTP receiver: signed payloads of the subscribed events, a secret shown
 * once and stored encrypted, retries with backoff against a failing endpoint until it is disabled, the
 * delivery log, and the subscription API's validation.
 */
class WebhookIntegrationTests extends NotificationsIntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@Autowired
	JdbcClient jdbc;

	@Autowired
	UserService users;

	@Autowired
	ApiKeyService keys;

	@Test
	void subscribedEventsArriveSignedWithTheSecretShownOnce() throws Exception {
		Api.Response created = api().post("/api/v1/webhooks", Map.of("url", RECEIVER.url("/hooks/signed"), "events",
				List.of("project.created", "hitl.decision_required")));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().path("webhook_id").asString();
		String secret = created.json().path("secret").asString();
		assertThat(secret).startsWith("whsec_");
		assertThat(api().get("/api/v1/webhooks").json().path("webhooks").toString()).contains(id).doesNotContain(secret);
		assertThat(api().get("/api/v1/webhooks/" + id).json().path("secret").isNull()).isTrue();
		String stored = jdbc.sql("SELECT secret_ciphertext FROM webhook_subscriptions WHERE id = :id")
			.param("id", UUID.fromString(id))
			.query(String.class)
			.single();
		assertThat(stored).startsWith("v1:").doesNotContain(secret);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(DATA_DIR.resolve("secrets/master.key"))))
			.isEqualTo("rw-------");

		String project = createProject(Examples.readme("notes-cli-python"));
		List<WebhookReceiver.Request> received = awaitRequests("/hooks/signed", project, 2);
		Set<String> events = new HashSet<>();
		for (WebhookReceiver.Request request : received) {
			assertThat(request.header("X-QuantaPilot-Signature")).isEqualTo(WebhookSignatures.sign(secret, request.body()));
			assertThat(request.header("Content-Type")).isEqualTo("application/json");
			JsonNode body = Api.json().readTree(request.text());
			assertThat(request.header("X-QuantaPilot-Event")).isEqualTo(body.path("event").asString());
			assertThat(request.header("X-QuantaPilot-Delivery")).matches("[0-9a-f-]{36}");
			assertThat(body.path("timestamp").asString()).endsWith("Z");
			assertThat(body.path("data").path("project_id").asString()).isEqualTo(project);
			events.add(body.path("event").asString());
		}
		assertThat(events).containsExactlyInAnyOrder("project.created", "hitl.decision_required");
		JsonNode decisionRequired = received.stream()
			.map(r -> Api.json().readTree(r.text()))
			.filter(b -> b.path("event").asString().equals("hitl.decision_required"))
			.findFirst()
			.orElseThrow();
		assertThat(decisionRequired.path("data").path("type").asString()).isEqualTo("plan_approval");
		assertThat(decisionRequired.path("data").path("options").toString()).contains("approve", "reject", "modify");

		JsonNode log = api().get("/api/v1/webhooks/" + id + "/deliveries").json().path("deliveries");
		assertThat(log.size()).isGreaterThanOrEqualTo(2);
		assertThat(log).allSatisfy(d -> {
			assertThat(d.path("status_code").asInt()).isEqualTo(200);
			assertThat(d.path("success").asBoolean()).isTrue();
		});

		assertThat(api().delete("/api/v1/webhooks/" + id).status()).isEqualTo(204);
		assertThat(api().get("/api/v1/webhooks/" + id).status()).isEqualTo(404);
		assertThat(api().delete("/api/v1/webhooks/" + id).status()).isEqualTo(404);
		api().delete("/api/v1/projects/" + project);
	}

	@Test
	void aFailingEndpointIsRetriedWithBackoffThenDisabledAndCanBeEnabledAgain() {
		RECEIVER.answer("/hooks/down", 503);
		Api.Response created = api().post("/api/v1/webhooks", Map.of("url", RECEIVER.url("/hooks/down"), "events",
				List.of("project.created"), "secret", "a-secret-chosen-by-the-caller"));
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.json().path("secret").isNull()).as("a secret the caller chose is not echoed").isTrue();
		String id = created.json().path("webhook_id").asString();

		String project = createProject("# Failing Hook Sample\n\nA tiny Python tool.");
		Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(
				() -> "disabled".equals(api().get("/api/v1/webhooks/" + id).json().path("status").asString()));
		JsonNode subscription = api().get("/api/v1/webhooks/" + id).json();
		assertThat(subscription.path("disabled_reason").asString()).contains("3 consecutive failed deliveries", "HTTP 503");
		assertThat(subscription.path("last_status_code").asInt()).isEqualTo(503);

		List<WebhookReceiver.Request> attempts = RECEIVER.requests("/hooks/down");
		assertThat(attempts).hasSize(3);
		assertThat(attempts).extracting(r -> r.header("X-QuantaPilot-Delivery")).containsOnly(
				attempts.get(0).header("X-QuantaPilot-Delivery"));
		assertThat(attempts).extracting(WebhookReceiver.Request::text).containsOnly(attempts.get(0).text());
		assertThat(Duration.between(attempts.get(0).at(), attempts.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(250));
		assertThat(Duration.between(attempts.get(1).at(), attempts.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(500));
		JsonNode log = api().get("/api/v1/webhooks/" + id + "/deliveries").json().path("deliveries");
		assertThat(log).hasSize(3).allSatisfy(d -> {
			assertThat(d.path("status_code").asInt()).isEqualTo(503);
			assertThat(d.path("success").asBoolean()).isFalse();
		});
		assertThat(log.get(0).path("attempt").asInt()).isEqualTo(3);

		JsonNode enabled = api().post("/api/v1/webhooks/" + id + "/enable", Map.of()).json();
		assertThat(enabled.path("status").asString()).isEqualTo("active");
		assertThat(enabled.path("consecutive_failures").asInt()).isZero();
		api().delete("/api/v1/webhooks/" + id);
		api().delete("/api/v1/projects/" + project);
	}

	@Test
	void invalidSubscriptionsAreRefusedAndOnlyAdminsManageWebhooks() {
		assertThat(api().post("/api/v1/webhooks", Map.of("url", "ftp://example.com/hook")).status()).isEqualTo(400);
		assertThat(api().post("/api/v1/webhooks", Map.of("url", "https://user:pw@example.com/hook")).status())
			.isEqualTo(400);
		assertThat(api().post("/api/v1/webhooks", Map.of("url", "not a url")).status()).isEqualTo(400);
		Api.Response unknownEvent = api().post("/api/v1/webhooks",
				Map.of("url", "https://example.com/hook", "events", List.of("project.exploded")));
		assertThat(unknownEvent.status()).isEqualTo(400);
		assertThat(unknownEvent.json().path("error").path("details").path("field").asString()).isEqualTo("events");
		assertThat(api().post("/api/v1/webhooks", Map.of("url", "https://example.com/hook", "secret", "short")).status())
			.isEqualTo(400);

		UUID operator = users.create("operator-" + System.nanoTime() % 100000, "an-operator-password", UserRole.OPERATOR,
				"test");
		Api asOperator = api().withKey(keys.create("operator key", operator, null, "test").secret());
		assertThat(asOperator.post("/api/v1/webhooks", Map.of("url", "https://example.com/hook")).status())
			.isEqualTo(403);
		assertThat(asOperator.get("/api/v1/webhooks").status()).isEqualTo(403);
	}

	/** Waits until the receiver got at least {@code count} requests about the project on the path. */
	private static List<WebhookReceiver.Request> awaitRequests(String path, String projectId, int count) {
		Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> about(path, projectId).size() >= count);
		return about(path, projectId);
	}

	private static List<WebhookReceiver.Request> about(String path, String projectId) {
		return RECEIVER.requests(path).stream().filter(r -> r.text().contains(projectId)).toList();
	}

}
