package io.quantapilot.decisions;

import java.util.UUID;

/** A decision timed out unanswered and was escalated to the given level. */
public record DecisionEscalated(UUID decisionId, UUID projectId, DecisionType type, int level) {
}
