package io.quantapilot.notifications;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.identity.AuditLog;
import io.quantapilot.identity.SecretEncryption;
import io.quantapilot.notifications.internal.Outbox;
import io.quantapilot.notifications.webhooks.WebhookSender;
import io.quantapilot.notifications.webhooks.WebhookStore;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Outbound webhook subscriptions (API.md): a URL, the events it wants and a secret that signs every
 * delivery. The secret is stored encrypted with the master key and never shown again after creation.
 */
@Service
public class WebhookSubscriptions {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final WebhookStore store;

	private final SecretEncryption encryption;

	private final Outbox outbox;

	private final AuditLog audit;

	WebhookSubscriptions(WebhookStore store, SecretEncryption encryption, Outbox outbox, AuditLog audit) {
		this.store = store;
		this.encryption = encryption;
		this.outbox = outbox;
		this.audit = audit;
	}

	/**
	 * A subscription as shown to its managers (without the secret).
	 *
	 * @param status {@code active}, or {@code disabled} after repeated failures (see {@code disabledReason})
	 */
	public record Subscription(UUID id, String url, List<String> events, String description, String status,
			int consecutiveFailures, String createdBy, Instant createdAt, Instant disabledAt, String disabledReason,
			Instant lastDeliveryAt, Integer lastStatusCode) {

		static Subscription of(WebhookStore.Row row) {
			return new Subscription(row.id(), row.url(), row.events(), row.description(), row.status(),
					row.consecutiveFailures(), row.createdBy(), row.createdAt(), row.disabledAt(), row.disabledReason(),
					row.lastDeliveryAt(), row.lastStatusCode());
		}

	}

	/** A new subscription; {@code secret} is set only when it was generated here (shown this once). */
	public record Created(Subscription subscription, String secret) {
	}

	/** One logged delivery attempt. */
	public record DeliveryAttempt(long id, UUID notificationId, String event, int attempt, Instant at,
			Integer statusCode, boolean success, String error, long durationMs) {
	}

	/**
	 * Subscribes {@code url} to {@code events} (all events when none are named). Without a {@code secret} one
	 * is generated and returned once.
	 */
	@Transactional
	public Created create(String url, List<String> events, String secret, String description, String actor) {
		String target = validateUrl(url);
		List<String> wanted = validateEvents(events);
		boolean generated = secret == null || secret.isEmpty();
		String key = generated ? newSecret() : secret;
		if (key.length() < 16 || key.length() > 200) {
			throw new QuantaPilotException.InvalidRequest("secret", "secret must be 16 to 200 characters");
		}
		if (description != null && description.length() > 200) {
			throw new QuantaPilotException.InvalidRequest("description", "description must be at most 200 characters");
		}
		UUID id = UUID.randomUUID();
		store.insert(id, target, wanted, encryption.encrypt(key, WebhookSender.secretContext(id)), description, actor);
		audit.record(actor, "webhook.created", "webhook", id.toString(), Map.of("url", target, "events", wanted));
		return new Created(get(id), generated ? key : null);
	}

	public List<Subscription> list() {
		return store.list().stream().map(Subscription::of).toList();
	}

	public Subscription get(UUID id) {
		return store.find(id).map(Subscription::of).orElseThrow(() -> new QuantaPilotException.NotFound("webhook", id));
	}

	/** Deletes the subscription; what was still queued for it is cancelled, its delivery log kept. */
	@Transactional
	public void delete(UUID id, String actor) {
		if (!store.markDeleted(id)) {
			throw new QuantaPilotException.NotFound("webhook", id);
		}
		outbox.cancelQueued("webhook", id.toString(), "subscription deleted");
		audit.record(actor, "webhook.deleted", "webhook", id.toString(), Map.of());
	}

	/** Turns a disabled subscription back on with a clean failure count. */
	@Transactional
	public Subscription enable(UUID id, String actor) {
		if (!store.enable(id)) {
			throw new QuantaPilotException.NotFound("webhook", id);
		}
		audit.record(actor, "webhook.enabled", "webhook", id.toString(), Map.of());
		return get(id);
	}

	/** The newest delivery attempts of a subscription, newest first. */
	public List<DeliveryAttempt> deliveries(UUID id, int limit) {
		get(id);
		return store.attempts(id, limit)
			.stream()
			.map(a -> new DeliveryAttempt(a.id(), a.notificationId(), a.event(), a.attempt(), a.at(), a.statusCode(),
					a.success(), a.error(), a.durationMs()))
			.toList();
	}

	static String validateUrl(String url) {
		if (url == null || url.isBlank()) {
			throw new QuantaPilotException.InvalidRequest("url", "url is required");
		}
		String trimmed = url.strip();
		URI uri;
		try {
			uri = new URI(trimmed);
		}
		catch (URISyntaxException ex) {
			throw new QuantaPilotException.InvalidRequest("url", "url is not a valid URL");
		}
		String scheme = uri.getScheme() != null ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new QuantaPilotException.InvalidRequest("url", "url must be an http or https URL");
		}
		if (uri.getHost() == null || uri.getHost().isBlank()) {
			throw new QuantaPilotException.InvalidRequest("url", "url must name a host");
		}
		if (uri.getRawUserInfo() != null) {
			// Credentials in the URL would be stored and shown in plain text; the secret signs instead.
			throw new QuantaPilotException.InvalidRequest("url", "url must not contain credentials");
		}
		if (uri.getFragment() != null || trimmed.length() > 2000) {
			throw new QuantaPilotException.InvalidRequest("url", "url must have no fragment and at most 2000 characters");
		}
		return trimmed;
	}

	static List<String> validateEvents(List<String> events) {
		if (events == null || events.isEmpty()) {
			return NotificationEvents.ALL;
		}
		LinkedHashSet<String> wanted = new LinkedHashSet<>();
		for (String event : events) {
			if (event == null || !NotificationEvents.ALL.contains(event)) {
				throw new QuantaPilotException.InvalidRequest("events",
						"unknown event '" + event + "' (known: " + String.join(", ", NotificationEvents.ALL) + ")");
			}
			wanted.add(event);
		}
		return List.copyOf(wanted);
	}

	private static String newSecret() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
