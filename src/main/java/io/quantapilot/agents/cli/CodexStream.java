package io.quantapilot.agents.cli;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * Codex's {@code exec --json} JSONL events: {@code thread.started}, {@code turn.started}, {@code item.*} with typed
 * items (agent messages, reasoning, command executions, file changes, MCP tool calls, web searches, to-do lists,
 * non-fatal errors), {@code turn.completed} with the turn's usage (cached input a subset of input), and the failures
 * {@code turn.failed} and {@code error}. A run succeeded when a turn completed, none failed and the process did not
 * report failure; the exit code alone is not trusted (Codex can exit 0 after a failed turn).
 */
final class CodexStream extends AgentStream {

	private Usage total = Usage.NONE;

	private boolean completed;

	private String turnFailure;

	CodexStream(String provider, EventLog log, StuckDetector stuck, UsageMeter meter) {
		super(provider, log, stuck, meter);
	}

	@Override
	public void stdout(String line) {
		JsonNode event = json(line);
		if (event == null) {
			plainLine(line);
			return;
		}
		String type = Text.string(event, "type");
		switch (type == null ? "" : type) {
			case "thread.started" -> {
				sessionId = Text.string(event, "thread_id");
				log.emit("system", "thread " + sessionId + " started");
			}
			case "turn.started" -> log.emit("turn", "started");
			case "item.started" -> itemStarted(event.path("item"));
			case "item.updated" -> {
				// Progress of an item that completes later; its final state is logged then.
			}
			case "item.completed" -> itemCompleted(event.path("item"));
			case "turn.completed" -> turnCompleted(event.path("usage"));
			case "turn.failed" -> {
				turnFailure = message(event.path("error"));
				terminal = true;
				log.emit("error", "turn failed: " + turnFailure);
			}
			case "error" -> {
				// Often transient ("Reconnecting…"); the run goes on unless a turn fails.
				lastError = message(event);
				log.emit("error", lastError);
			}
			default -> unknown(type, event);
		}
	}

	private void itemStarted(JsonNode item) {
		String type = Text.string(item, "type");
		if ("command_execution".equals(type)) {
			String command = Text.string(item, "command");
			toolStarted(command != null ? command : "");
			log.emit("tool_call", "started command: " + Text.oneLine(command, 300));
		}
		else if ("mcp_tool_call".equals(type)) {
			toolStarted(compact(item.path("arguments")));
			log.emit("tool_call", "started " + Text.string(item, "server") + "." + Text.string(item, "tool"));
		}
	}

	private void itemCompleted(JsonNode item) {
		String type = Text.string(item, "type");
		switch (type == null ? "" : type) {
			case "agent_message" -> {
				finalText = Text.string(item, "text");
				assistantText(finalText);
			}
			case "reasoning" -> {
				String text = Text.string(item, "text");
				outputChars += text != null ? text.length() : 0;
				log.emit("reasoning", Text.oneLine(text, 500));
			}
			case "command_execution" -> {
				String command = Text.string(item, "command");
				Long exitCode = Text.number(item, "exit_code");
				String status = Text.string(item, "status");
				String output = Text.string(item, "aggregated_output");
				boolean failed = "failed".equals(status) || "declined".equals(status) || (exitCode != null && exitCode != 0);
				log.emit("tool_call", (failed ? "failed" : "completed") + " command: " + Text.oneLine(command, 300)
						+ (exitCode != null ? " (exit code " + exitCode + ")" : " (" + status + ")")
						+ (output != null && !output.isBlank() ? ": " + Text.oneLine(Text.tail(output, 300), 310) : ""));
				toolCompleted("command " + command, exitCode + " " + (output != null ? output : ""), failed, false);
			}
			case "file_change" -> {
				List<String> changes = new ArrayList<>();
				for (JsonNode change : item.path("changes")) {
					changes.add(Text.string(change, "kind") + " " + Text.string(change, "path"));
				}
				boolean failed = "failed".equals(Text.string(item, "status"));
				log.emit("tool_call", (failed ? "failed" : "completed") + " file change: " + String.join(", ", changes));
				toolCompleted("file_change " + changes, String.valueOf(Text.string(item, "status")), failed, !failed);
			}
			case "mcp_tool_call" -> {
				String tool = Text.string(item, "server") + "." + Text.string(item, "tool");
				boolean failed = item.has("error") && !item.path("error").isNull()
						|| "failed".equals(Text.string(item, "status"));
				String result = failed ? message(item.path("error")) : compact(item.path("result"));
				log.emit("tool_call", (failed ? "failed " : "completed ") + tool + ": " + Text.oneLine(result, 300));
				toolCompleted(tool + " " + compact(item.path("arguments")), result, failed, false);
			}
			case "web_search" -> log.emit("tool_call", "web search: " + Text.oneLine(Text.string(item, "query"), 300));
			case "todo_list" -> {
				int done = 0;
				for (JsonNode entry : item.path("items")) {
					done += entry.path("completed").asBoolean(false) ? 1 : 0;
				}
				log.emit("todo", done + " of " + item.path("items").size() + " done");
			}
			case "error" -> {
				lastError = Text.string(item, "message");
				log.emit("warning", lastError);
			}
			default -> unknown(type != null ? "item." + type : "item", item);
		}
	}

	private void turnCompleted(JsonNode usage) {
		completed = true;
		terminal = true;
		if (usage.isObject()) {
			Usage turn = new Usage(Text.firstNumber(usage, "input_tokens"), Text.firstNumber(usage, "output_tokens"),
					Text.firstNumber(usage, "cached_input_tokens"));
			total = total.plus(turn);
			reportedUsage = total;
			meter.add(turn);
			log.emit("turn", "completed, usage " + turn);
		}
		else {
			log.emit("turn", "completed, no usage reported");
		}
	}

	@Override
	Verdict verdict(CliProcess.Exit exit, int filesWritten) {
		if (turnFailure != null) {
			return Verdict.failed(provider + " turn failed: " + Text.oneLine(turnFailure, 1000));
		}
		if (!completed) {
			return Verdict.failed(noResult(exit));
		}
		if (!exit.succeeded()) {
			return Verdict.failed(provider + " completed its turn but exited with " + exit.describe()
					+ (lastError != null ? "; last error: " + Text.oneLine(lastError, 500) : "") + "; stderr: "
					+ Text.oneLine(log.redact(exit.stderrTail()), 500));
		}
		return Verdict.ok();
	}

	private static String message(JsonNode node) {
		String message = Text.string(node, "message");
		return message != null ? message : compact(node);
	}

}
