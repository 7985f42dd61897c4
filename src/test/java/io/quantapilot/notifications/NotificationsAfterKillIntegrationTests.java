package io.quantapilot.notifications;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.quantapilot.support.Api;
import io.quantapilot.support.Examples;
import io.quantapilot.support.QuantaPilotProcess;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Notifications queued while their channel is down survive a SIGKILL of the server: after the restart each
 * one is delivered, and none twice.
 */
class NotificationsAfterKillIntegrationTests {

	private static final String KEY = "qp_notifications_kill_test_admin_key_0123456789";

	@Test
	void undeliveredNotificationsAreDeliveredExactlyOnceAfterTheServerIsKilled(@TempDir Path tmp) {
		WebhookReceiver receiver = WebhookReceiver.start();
		receiver.answer("/hook", 503);
		Path data = tmp.resolve("data");
		int port = QuantaPilotProcess.freePort();
		// Environment spellings of quantapilot.notifications.* (Spring's relaxed binding drops the dashes).
		Map<String, String> settings = Map.of("QUANTAPILOT_NOTIFICATIONS_POLLINTERVAL", "200ms",
				"QUANTAPILOT_NOTIFICATIONS_INITIALBACKOFF", "300ms", "QUANTAPILOT_NOTIFICATIONS_MAXBACKOFF", "1s",
				"QUANTAPILOT_NOTIFICATIONS_MAXATTEMPTS", "1000",
				"QUANTAPILOT_NOTIFICATIONS_WEBHOOKS_DISABLEAFTERFAILURES", "100000",
				"QUANTAPILOT_IDENTITY_RATELIMITPERMINUTE", "100000");
		QuantaPilotProcess server = QuantaPilotProcess.server(data, port, KEY, settings);
		Api api = new Api("http://localhost:" + port, KEY);
		Api.Response hook = api.post("/api/v1/webhooks",
				Map.of("url", receiver.url("/hook"), "events", List.of("project.created")));
		assertThat(hook.status()).as(hook.body()).isEqualTo(201);
		List<String> projects = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			String id = api.post("/api/v1/projects", Api.readmeBody(Examples.readme("notes-cli-python")))
				.json()
				.path("project_id")
				.asString();
			api.post("/api/v1/projects/" + id + "/workflow/actions", Map.of("action", "cancel"));
			projects.add(id);
		}
		// The first notification is refused again and again; the later ones wait behind it (a subscription's
		// deliveries keep their order): all four are undelivered when the server dies.
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> receiver.requests("/hook").size() >= 3);
		assertThat(deliveryIds(receiver, 503)).hasSize(1);
		assertThat(deliveryIds(receiver, 200)).isEmpty();
		server.kill();

		receiver.answer("/hook", 200);
		server = QuantaPilotProcess.server(data, port, KEY, settings);
		Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> deliveryIds(receiver, 200).size() == 4);
		// Give a second delivery of any of them the time to show up.
		Awaitility.await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
		List<WebhookReceiver.Request> accepted = receiver.requests("/hook").stream().filter(r -> r.status() == 200).toList();
		assertThat(accepted).hasSize(4);
		assertThat(deliveryIds(receiver, 200)).containsAll(deliveryIds(receiver, 503));
		JsonMapper json = JsonMapper.builder().build();
		Set<String> delivered = accepted.stream()
			.map(r -> json.readTree(r.text()))
			.map(body -> body.path("data").path("project_id").asString())
			.collect(Collectors.toSet());
		assertThat(delivered).containsExactlyInAnyOrderElementsOf(projects);
		JsonNode log = api.get("/api/v1/webhooks/" + hook.json().path("webhook_id").asString() + "/deliveries").json();
		assertThat(log.toString()).contains("200");
		server.terminate();
	}

	private static Set<String> deliveryIds(WebhookReceiver receiver, int status) {
		return receiver.requests("/hook")
			.stream()
			.filter(r -> r.status() == status)
			.map(r -> r.header("x-quantapilot-delivery"))
			.collect(Collectors.toSet());
	}

}
