package io.quantapilot.notifications.internal;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One notification to one recipient on one channel, as claimed for delivery.
 *
 * @param eventId the journal entry it came from; null for replies to a chat
 * @param event the event name ({@code hitl.decision_required}, …) or {@code reply}
 * @param progress parts already sent of a message sent in several parts
 * @param occurredAt when the event happened (when the notification was queued, for replies)
 */
public record OutboxItem(UUID id, long seq, UUID eventId, String event, String channel, String recipient,
		Map<String, Object> payload, String status, int attempts, int maxAttempts, int progress, Instant occurredAt,
		Instant createdAt) {

	/** A text field of the payload, or null. */
	public String text(String key) {
		Object value = payload.get(key);
		return value != null ? value.toString() : null;
	}

	/** The event data of the payload ({@code data}), empty for replies. */
	@SuppressWarnings("unchecked")
	public Map<String, Object> data() {
		Object data = payload.get("data");
		return data instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
	}

}
