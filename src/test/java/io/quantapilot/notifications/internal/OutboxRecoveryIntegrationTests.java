package io.quantapilot.notifications.internal;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quantapilot.notifications.NotificationsIntegrationTest;
import io.quantapilot.notifications.WebhookReceiver;
import io.quantapilot.support.Examples;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A notification process that stops — with events not yet fanned out, notifications queued, and
 * notifications in flight under its lease — loses nothing and sends nothing twice once delivery runs
 * again: the stopped sender's leases are recognised (its process is gone) or expire, and every
 * notification reaches the receiver exactly once.
 */
class OutboxRecoveryIntegrationTests extends NotificationsIntegrationTest {

	@Autowired
	DeliveryLoop loop;

	@Autowired
	Dispatcher dispatcher;

	@Autowired
	JdbcClient jdbc;

	@Test
	void queuedAndInFlightNotificationsOfAStoppedSenderAreEachDeliveredExactlyOnce() throws Exception {
		String path = "/hooks/recovery";
		String id = api().post("/api/v1/webhooks", Map.of("url", RECEIVER.url(path), "events",
				List.of("project.created", "project.status_changed", "hitl.decision_required")))
			.json()
			.path("webhook_id")
			.asString();
		List<UUID> outbox;
		loop.stop();
		try {
			String project = createProject(Examples.readme("notes-cli-python"));
			awaitPendingDecision(project, "plan_approval", Duration.ofSeconds(60));
			assertThat(RECEIVER.requests(path)).as("nothing is sent while delivery is down").isEmpty();

			// The stopped process had fanned the events out and begun sending some of them.
			dispatcher.dispatch(100);
			outbox = jdbc.sql("""
					SELECT id FROM notification_outbox WHERE channel = 'webhook' AND recipient = :sub ORDER BY seq""")
				.param("sub", id)
				.query(UUID.class)
				.list();
			assertThat(outbox).hasSizeGreaterThanOrEqualTo(4);
			long deadPid = deadProcessId();
			String host = InetAddress.getLocalHost().getHostName().replace(':', '_');
			lease(outbox.get(0), host + ":" + deadPid + ":deadbeef", "1 hour");
			lease(outbox.get(1), "another-host:4242:cafebabe", "-1 second");
		}
		finally {
			loop.start();
		}

		Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> jdbc.sql("""
				SELECT count(*) FROM notification_outbox WHERE channel = 'webhook' AND recipient = :sub
				  AND status = 'delivered'""").param("sub", id).query(Long.class).single() >= outbox.size());
		// Give a wrongly repeated delivery the time to show up.
		Thread.sleep(1500);
		Map<String, Integer> deliveries = new HashMap<>();
		for (WebhookReceiver.Request request : RECEIVER.requests(path)) {
			deliveries.merge(request.header("X-QuantaPilot-Delivery"), 1, Integer::sum);
		}
		for (UUID notification : outbox) {
			assertThat(deliveries.get(notification.toString())).as("deliveries of " + notification).isEqualTo(1);
		}
		assertThat(RECEIVER.requests(path)).as("one request per notification, nothing else")
			.hasSameSizeAs(deliveries.keySet());
		assertThat(jdbc.sql("SELECT attempts FROM notification_outbox WHERE id = :id")
			.param("id", outbox.get(0))
			.query(Integer.class)
			.single()).as("the interrupted attempt counts").isEqualTo(2);
		api().delete("/api/v1/webhooks/" + id);
	}

	private void lease(UUID notification, String owner, String expiresIn) {
		int leased = jdbc.sql("""
				UPDATE notification_outbox SET status = 'sending', lease_owner = :owner, attempts = 1,
				    lease_expires_at = now() + CAST(:expires AS interval)
				WHERE id = :id AND status = 'pending'""")
			.param("owner", owner)
			.param("expires", expiresIn)
			.param("id", notification)
			.update();
		assertThat(leased).isEqualTo(1);
	}

	/** The id of a process that has exited (so no live process owns it). */
	private static long deadProcessId() throws Exception {
		Process process = new ProcessBuilder("true").start();
		process.waitFor();
		return process.pid();
	}

}
