package io.quantapilot.agents.spi;

/**
 * Where a provider reports what happens during a run: the run's event log (visible live through the
 * API) and token usage as it accrues, so budgets can stop a run that crosses its limit.
 * <p>
 * Providers call both methods from the run's own thread (the thread that called
 * {@link AgentProvider#run}): the CLI providers hand their reader threads' lines to that thread through a
 * queue, and the HTTP providers poll and call the model on it. The pipeline's implementation is
 * nevertheless safe to call from other threads (each call is serialised), so a provider that reports from a
 * callback thread does not corrupt the log; the budget's interrupt always goes to the run's own thread.
 */
public interface AgentEvents {

	/** Appends one event to the run's log ({@code type}: e.g. {@code system}, {@code assistant}, {@code tool_call}). */
	void emit(String type, String message);

	/**
	 * Reports usage of one model call (or a provider's running total delta) as it happens. The budget may
	 * then interrupt the running thread: providers treat an interrupt as cancellation.
	 */
	default void usage(long inputTokens, long outputTokens, long cachedTokens, boolean estimated) {
	}

}
