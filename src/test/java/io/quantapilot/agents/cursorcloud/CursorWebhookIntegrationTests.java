package io.quantapilot.agents.cursorcloud;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.quantapilot.agents.HttpProvidersApplicationTest;
import io.quantapilot.support.Api;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /webhooks/cursor} in the running application: signed deliveries wake the poller, others get 401. */
class CursorWebhookIntegrationTests extends HttpProvidersApplicationTest {

	private final HttpClient http = HttpClient.newHttpClient();

	@Autowired
	CloudAgentSignals signals;

	@Test
	void aSignedStatusChangeWakesThePollerOnceAndDuplicatesAreAcknowledged() throws Exception {
		signals.register("bc_webhook-1");
		try {
			String body = "{\"event\":\"statusChange\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"id\":\"bc_webhook-1\","
					+ "\"status\":\"FINISHED\",\"source\":{\"repository\":\"https://github.com/acme/app\",\"ref\":\"main\"},"
					+ "\"target\":{\"url\":\"https://cursor.com/agents?id=bc_webhook-1\",\"branchName\":\"qp/x\"},"
					+ "\"summary\":\"done\",\"newField\":true}";
			String signature = WebhookSignature.sign(WEBHOOK_SECRET, body.getBytes(StandardCharsets.UTF_8));

			HttpResponse<String> first = post(body, signature, "delivery-1");
			assertThat(first.statusCode()).isEqualTo(200);
			assertThat(Api.json().readTree(first.body()).path("status").asString()).isEqualTo("accepted");
			assertThat(signals.await("bc_webhook-1", Duration.ZERO)).isTrue();

			HttpResponse<String> again = post(body, signature, "delivery-1");
			assertThat(again.statusCode()).isEqualTo(200);
			assertThat(Api.json().readTree(again.body()).path("status").asString()).isEqualTo("duplicate");
			assertThat(signals.await("bc_webhook-1", Duration.ZERO)).isFalse();
		}
		finally {
			signals.unregister("bc_webhook-1");
		}
	}

	@Test
	void unsignedOrWronglySignedDeliveriesAreRefusedWith401() throws Exception {
		String body = "{\"event\":\"statusChange\",\"id\":\"bc_x\",\"status\":\"FINISHED\"}";
		String wrong = WebhookSignature.sign("not-the-secret-not-the-secret-not-the-secret",
				body.getBytes(StandardCharsets.UTF_8));
		String tampered = WebhookSignature.sign(WEBHOOK_SECRET, body.replace("FINISHED", "ERROR")
			.getBytes(StandardCharsets.UTF_8));

		for (String signature : new String[] { null, "", wrong, tampered, "sha256=zz" }) {
			HttpResponse<String> response = post(body, signature, null);
			assertThat(response.statusCode()).as(String.valueOf(signature)).isEqualTo(401);
			JsonNode error = Api.json().readTree(response.body()).path("error");
			assertThat(error.path("code").asString()).isEqualTo("UNAUTHORIZED");
			assertThat(error.path("message").asString()).contains("X-Webhook-Signature");
			assertThat(error.has("correlation_id")).isTrue();
		}
	}

	private HttpResponse<String> post(String body, String signature, String deliveryId) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/cursor"))
			.header("Content-Type", "application/json")
			.header("User-Agent", "Cursor-Agent-Webhook/1.0")
			.header("X-Webhook-Event", "statusChange")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (signature != null) {
			request.header("X-Webhook-Signature", signature);
		}
		if (deliveryId != null) {
			request.header("X-Webhook-ID", deliveryId);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
