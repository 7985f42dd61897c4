package io.quantapilot.decisions;

import java.util.UUID;

/** A person answered a decision; {@code outcome} is one of its options ({@code approve}, {@code reject}, …). */
public record DecisionMade(UUID decisionId, UUID projectId, DecisionType type, String taskId, String outcome,
		String comments, String decidedBy) {
}
