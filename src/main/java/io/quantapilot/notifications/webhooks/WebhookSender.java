package io.quantapilot.notifications.webhooks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.quantapilot.identity.AuditLog;
import io.quantapilot.identity.SecretEncryption;
import io.quantapilot.notifications.NotificationSettings;
import io.quantapilot.notifications.internal.ChannelDelivery;
import io.quantapilot.notifications.internal.DeliveryOutcome;
import io.quantapilot.notifications.internal.Outbox;
import io.quantapilot.notifications.internal.OutboxItem;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Outbound webhooks: one signed POST per subscription and event. The body is rendered once, when the
 * event is fanned out, so every retry sends the same bytes with the same signature. Every attempt is
 * logged with its response code; a subscription that keeps failing is disabled and what was queued for
 * it cancelled. Redirects are not followed (a subscription names its final URL).
 */
@Component
public class WebhookSender implements ChannelDelivery {

	/** Identifies one notification across its retries, so a receiver can drop a repeated delivery. */
	public static final String DELIVERY_HEADER = "X-QuantaPilot-Delivery";

	public static final String EVENT_HEADER = "X-QuantaPilot-Event";

	private final WebhookStore store;

	private final SecretEncryption encryption;

	private final Outbox outbox;

	private final AuditLog audit;

	private final JsonMapper json;

	private final NotificationSettings settings;

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	WebhookSender(WebhookStore store, SecretEncryption encryption, Outbox outbox, AuditLog audit, JsonMapper json,
			NotificationSettings settings) {
		this.store = store;
		this.encryption = encryption;
		this.outbox = outbox;
		this.audit = audit;
		this.json = json;
		this.settings = settings;
	}

	@Override
	public String channel() {
		return "webhook";
	}

	@Override
	public boolean available() {
		return true;
	}

	@Override
	public List<Target> route(String event, Map<String, Object> data, Instant occurredAt) {
		List<WebhookStore.Row> subscriptions = store.activeFor(event);
		if (subscriptions.isEmpty()) {
			return List.of();
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("event", event);
		body.put("timestamp", occurredAt.toString());
		body.put("data", data);
		String raw = json.writeValueAsString(body);
		return subscriptions.stream().map(s -> new Target(s.id().toString(), Map.of("body", raw))).toList();
	}

	@Override
	public DeliveryOutcome deliver(OutboxItem item, Progress progress) {
		UUID id = UUID.fromString(item.recipient());
		Optional<WebhookStore.Row> found = store.find(id);
		if (found.isEmpty() || !"active".equals(found.get().status())) {
			return new DeliveryOutcome.Cancelled("the subscription is " + found.map(WebhookStore.Row::status)
				.orElse("deleted"));
		}
		WebhookStore.Row subscription = found.get();
		byte[] body = item.text("body").getBytes(StandardCharsets.UTF_8);
		String secret = encryption.decrypt(subscription.secretCiphertext(), secretContext(id));
		HttpRequest request = HttpRequest.newBuilder(URI.create(subscription.url()))
			.timeout(settings.webhooks().timeout())
			.header("Content-Type", "application/json")
			.header("User-Agent", "QuantaPilot-Webhooks/1")
			.header(EVENT_HEADER, item.event())
			.header(DELIVERY_HEADER, item.id().toString())
			.header(WebhookSignatures.HEADER, WebhookSignatures.sign(secret, body))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		long started = System.nanoTime();
		Integer status = null;
		String error = null;
		try {
			HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
			status = response.statusCode();
		}
		catch (IOException ex) {
			error = ex.getClass().getSimpleName() + (ex.getMessage() != null ? ": " + ex.getMessage() : "");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			error = "interrupted";
		}
		long millis = (System.nanoTime() - started) / 1_000_000;
		boolean success = status != null && status >= 200 && status < 300;
		if (!success && error == null) {
			error = "HTTP " + status;
		}
		int streak = store.recordAttempt(id, item.id(), item.event(), item.attempts(), status, success, error, millis);
		if (success) {
			return new DeliveryOutcome.Delivered("HTTP " + status);
		}
		if (status != null && status == 410) {
			disable(id, "the receiver answered 410 Gone");
			return new DeliveryOutcome.Failed("HTTP 410: the receiver is gone; subscription disabled", true);
		}
		if (streak >= settings.webhooks().disableAfterFailures()) {
			disable(id, streak + " consecutive failed deliveries (last: " + error + ")");
			return new DeliveryOutcome.Failed(error + "; subscription disabled after " + streak + " failures", true);
		}
		return new DeliveryOutcome.Failed(error, false);
	}

	private void disable(UUID id, String reason) {
		if (store.disable(id, reason)) {
			outbox.cancelQueued(channel(), id.toString(), "subscription disabled: " + reason);
			audit.record("notifications", "webhook.disabled", "webhook", id.toString(), Map.of("reason", reason));
		}
	}

	/** The associated data binding a subscription's encrypted secret to its row. */
	public static String secretContext(UUID id) {
		return "webhook:" + id;
	}

}
