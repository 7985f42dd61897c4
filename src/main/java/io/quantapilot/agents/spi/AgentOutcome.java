package io.quantapilot.agents.spi;

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
 */
public record AgentOutcome(String summary, String model, long inputTokens, long outputTokens, long cachedTokens,
		boolean estimated, List<String> filesWritten) {
}
