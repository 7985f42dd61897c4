package io.quantapilot.agents.spi;

import java.math.BigDecimal;
import java.util.List;

/**
 * What a provider reports at the end of a run.
 *
 * @param summary what the agent did, in a few lines
 * @param model the model that ran (or {@code templates} for the offline provider)
 * @param inputTokens input tokens used
 * @param outputTokens output tokens used
 * @param cachedTokens cached input tokens
 * @param estimated whether the token counts are estimates rather than reported by the provider
 * @param filesWritten workspace-relative paths written
 * @param sessionId the provider's id of the conversation (a CLI's session or thread id, a cloud agent's id), to
 * find or resume it there; null when the provider has none
 * @param reportedCostUsd the cost the provider itself reported (e.g. Claude Code's {@code total_cost_usd}), null
 * when it reports none; the ledger's own cost comes from the price table either way
 */
public record AgentOutcome(String summary, String model, long inputTokens, long outputTokens, long cachedTokens,
		boolean estimated, List<String> filesWritten, String sessionId, BigDecimal reportedCostUsd) {

	/** An outcome without a session id or a reported cost. */
	public AgentOutcome(String summary, String model, long inputTokens, long outputTokens, long cachedTokens,
			boolean estimated, List<String> filesWritten) {
		this(summary, model, inputTokens, outputTokens, cachedTokens, estimated, filesWritten, null, null);
	}

}
