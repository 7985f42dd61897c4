package io.quantapilot.decisions;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A question put to a person, and (once decided) the answer: who, when, through which channel
 * ({@code decidedVia}: {@code api}, {@code telegram}, {@code email}, or {@code timeout}/{@code system}).
 */
public record Decision(UUID id, UUID projectId, DecisionType type, DecisionStatus status, Map<String, Object> context,
		List<String> options, String taskId, int escalationLevel, Instant createdAt, Instant timeoutAt,
		Instant decidedAt, String decidedBy, String decision, String comments, Map<String, Object> modifications,
		String decidedVia) {
}
