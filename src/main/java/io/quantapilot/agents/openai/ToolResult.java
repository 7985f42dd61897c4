package io.quantapilot.agents.openai;

import java.util.Set;

/**
 * What a tool call did.
 *
 * @param ok whether it succeeded (a failure's content starts with {@code error:} for the model)
 * @param content what goes back to the model
 * @param changed workspace-relative paths the call created, changed or deleted
 * @param finishSummary the summary when the call was {@code finish}, else null
 */
record ToolResult(boolean ok, String content, Set<String> changed, String finishSummary) {

	ToolResult {
		changed = Set.copyOf(changed);
	}

	static ToolResult success(String content, Set<String> changed) {
		return new ToolResult(true, content, changed, null);
	}

	static ToolResult failure(String message) {
		return new ToolResult(false, "error: " + message, Set.of(), null);
	}

	static ToolResult finish(String summary) {
		return new ToolResult(true, "finished", Set.of(), summary);
	}

	boolean finished() {
		return finishSummary != null;
	}

}
