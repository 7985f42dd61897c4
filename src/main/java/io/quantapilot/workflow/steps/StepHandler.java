package io.quantapilot.workflow.steps;

import java.util.Map;

/**
 * One long step of the pipeline, run by the worker pool outside any engine transaction. Implementations
 * must be idempotent for a given {@link StepInvocation#stepKey()}: a retry after a crash finds the earlier
 * effect (branch, commit, merge, tag, agent run) instead of repeating it.
 */
public interface StepHandler {

	/** The BPMN activity id this handler runs ({@code intake}, {@code plan}, …). */
	String step();

	/** Runs the step and returns the variables handed back to the process. */
	Map<String, Object> execute(StepInvocation invocation) throws Exception;

}
