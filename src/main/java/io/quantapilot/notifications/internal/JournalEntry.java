package io.quantapilot.notifications.internal;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A journalled domain event: {@code source} is the event's type ({@code ProjectStatusChanged}, …). */
record JournalEntry(UUID id, long seq, String source, UUID projectId, UUID decisionId, Map<String, Object> data,
		Instant occurredAt) {

	String text(String key) {
		Object value = data.get(key);
		return value != null ? value.toString() : null;
	}

}
