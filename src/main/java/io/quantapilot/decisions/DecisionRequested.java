package io.quantapilot.decisions;

import java.util.UUID;

/** A decision was opened and waits for a person. */
public record DecisionRequested(UUID decisionId, UUID projectId, DecisionType type) {
}
