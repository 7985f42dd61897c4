package io.quantapilot.projects;

import java.util.List;

/** A stage as planned by the architect, before any work on it. */
public record StageDefinition(int number, String name, String goal, List<String> acceptanceCriteria,
		long estimatedTokens) {
}
