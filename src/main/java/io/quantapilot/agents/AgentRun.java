package io.quantapilot.agents;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A recorded agent run with its usage. {@code sessionId} is the provider's id of the conversation and
 * {@code reportedCostUsd} the cost the provider itself reported (null when it has none).
 */
public record AgentRun(UUID id, UUID projectId, Integer stageNumber, AgentRole role, String provider, String model,
		String stepKey, String status, long inputTokens, long outputTokens, long cachedTokens, boolean estimated,
		BigDecimal costUsd, String summary, String error, List<String> filesWritten, Instant startedAt,
		Instant finishedAt, String sessionId, BigDecimal reportedCostUsd) {

	public long totalTokens() {
		return inputTokens + outputTokens;
	}

	/** One line of a run's event log. */
	public record Event(int seq, Instant at, String type, String message) {
	}

}
