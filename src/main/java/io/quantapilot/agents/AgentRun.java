package io.quantapilot.agents;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A recorded agent run with its usage. */
public record AgentRun(UUID id, UUID projectId, Integer stageNumber, AgentRole role, String provider, String model,
		String stepKey, String status, long inputTokens, long outputTokens, long cachedTokens, boolean estimated,
		BigDecimal costUsd, String summary, String error, List<String> filesWritten, Instant startedAt,
		Instant finishedAt) {

	public long totalTokens() {
		return inputTokens + outputTokens;
	}

	/** One line of a run's event log. */
	public record Event(int seq, Instant at, String type, String message) {
	}

}
