package io.quantapilot.agents.openai;

/** A tool call the model got wrong; its message goes back to the model as the tool's result. */
final class ToolException extends Exception {

	private static final long serialVersionUID = 1L;

	ToolException(String message) {
		super(message);
	}

}
