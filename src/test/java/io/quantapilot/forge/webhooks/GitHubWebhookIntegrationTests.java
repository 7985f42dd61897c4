package io.quantapilot.forge.webhooks;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import io.quantapilot.support.Api;
import io.quantapilot.support.ApplicationIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /webhooks/github} with GitHub's real payloads: signed deliveries are processed once, and
 * anything unsigned, wrongly signed or tampered with is answered 401 and not processed.
 */
class GitHubWebhookIntegrationTests extends ApplicationIntegrationTest {

	private static final Path PAYLOADS = Path.of("..", "shared", "fixtures", "github", "github-webhooks");

	@Test
	void aSignedPingIsAnsweredAndItsRedeliveryIsProcessedOnce() throws Exception {
		byte[] body = Files.readAllBytes(PAYLOADS.resolve("ping/event.json"));
		String delivery = UUID.randomUUID().toString();

		Api.Response first = deliver("ping", delivery, body, WebhookSignature.sign(WEBHOOK_SECRET, body));
		Api.Response again = deliver("ping", delivery, body, WebhookSignature.sign(WEBHOOK_SECRET, body));

		assertThat(first.status()).isEqualTo(200);
		assertThat(first.json().path("status").asString()).isEqualTo("pong");
		assertThat(first.json().path("detail").asString()).isNotBlank();
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().path("status").asString()).isEqualTo("duplicate");
	}

	@Test
	void eventsOfRepositoriesWithoutAWaitingStageOrAWatchChangeNothing() throws Exception {
		for (String payload : new String[] { "check_run/completed.json", "check_suite/completed.json",
				"status/event.json", "workflow_run/completed.2.json", "pull_request/closed.json", "push/event.json",
				"push/event.5.json", "push/event.2.json", "issues/labeled.json", "issues/opened.json" }) {
			byte[] body = Files.readAllBytes(PAYLOADS.resolve(payload));
			String event = payload.substring(0, payload.indexOf('/'));
			Api.Response response = deliver(event, UUID.randomUUID().toString(), body,
					WebhookSignature.sign(WEBHOOK_SECRET, body));
			assertThat(response.status()).as(payload).isEqualTo(200);
			assertThat(response.json().path("stages").asInt()).as(payload).isZero();
			// README pushes and issues of repositories nobody registered for watching ask for nothing.
			assertThat(response.json().path("status").asString()).as(payload).isIn("processed", "ignored");
		}
	}

	@Test
	void unsignedWronglySignedAndTamperedDeliveriesAreRefusedAndNotRecorded() throws Exception {
		byte[] body = Files.readAllBytes(PAYLOADS.resolve("check_run/completed.json"));
		String signature = WebhookSignature.sign(WEBHOOK_SECRET, body);
		byte[] tampered = new String(body, java.nio.charset.StandardCharsets.UTF_8)
			.replaceFirst("\"conclusion\": \"failure\"", "\"conclusion\": \"success\"")
			.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		assertThat(tampered).isNotEqualTo(body);
		String delivery = UUID.randomUUID().toString();

		assertRefused(deliver("check_run", delivery, body, null));
		assertRefused(deliver("check_run", delivery, body, WebhookSignature.sign("another secret", body)));
		assertRefused(deliver("check_run", delivery, tampered, signature));
		assertRefused(deliver("check_run", delivery, body, "sha256=" + "0".repeat(64)));

		// None of them was recorded: the genuine delivery is still processed.
		Api.Response genuine = deliver("check_run", delivery, body, signature);
		assertThat(genuine.status()).isEqualTo(200);
		assertThat(genuine.json().path("status").asString()).isEqualTo("processed");
	}

	private static void assertRefused(Api.Response response) {
		assertThat(response.status()).isEqualTo(401);
		JsonNode error = response.json().path("error");
		assertThat(error.path("code").asString()).isEqualTo("UNAUTHENTICATED");
	}

	private Api.Response deliver(String event, String delivery, byte[] body, String signature) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/github"))
			.header("Content-Type", "application/json")
			.header("X-GitHub-Event", event)
			.header("X-GitHub-Delivery", delivery)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (signature != null) {
			request.header("X-Hub-Signature-256", signature);
		}
		return new Api("http://localhost:" + port, null).send(request);
	}

}
