package io.quantapilot.agents.cli;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Gemini CLI's {@code --output-format stream-json} JSONL events: {@code init} (session and model),
 * {@code message} (user or assistant, assistant text possibly as deltas), {@code tool_use} and {@code tool_result}
 * matched by {@code tool_id}, {@code error} (warnings and errors) and the terminal {@code result} with its status and
 * {@code stats} (input tokens including cached ones). Exit code 41 (authentication) and 42 (invalid input) are
 * configuration problems.
 */
final class GeminiStream extends AgentStream {

	private final Map<String, String[]> pending = new HashMap<>();

	private final StringBuilder assistant = new StringBuilder();

	private String status;

	private String resultError;

	GeminiStream(String provider, EventLog log, StuckDetector stuck, UsageMeter meter) {
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
		if (!"message".equals(type)) {
			flush();
		}
		switch (type == null ? "" : type) {
			case "init" -> {
				sessionId = Text.string(event, "session_id");
				reportedModel = Text.string(event, "model");
				log.emit("system", "init: model " + reportedModel + ", session " + sessionId);
			}
			case "message" -> message(event);
			case "tool_use" -> {
				String name = Text.string(event, "tool_name");
				JsonNode parameters = event.path("parameters");
				pending.put(Text.string(event, "tool_id"), new String[] { name, compact(parameters) });
				toolStarted(compact(parameters));
				log.emit("tool_call", "started " + name + " " + describe(parameters));
			}
			case "tool_result" -> toolResult(event);
			case "error" -> {
				String severity = Text.string(event, "severity");
				String message = Text.string(event, "message");
				if (!"warning".equals(severity)) {
					lastError = message;
				}
				log.emit("warning".equals(severity) ? "warning" : "error", message);
			}
			case "result" -> result(event);
			default -> unknown(type, event);
		}
	}

	private void message(JsonNode event) {
		String role = Text.string(event, "role");
		String content = Text.string(event, "content");
		if ("user".equals(role)) {
			log.emit("user", "prompt: " + Text.oneLine(content, 300));
		}
		else if (event.path("delta").asBoolean(false)) {
			assistant.append(content != null ? content : "");
		}
		else {
			flush();
			finalText = content;
			assistantText(content);
		}
	}

	private void flush() {
		if (assistant.length() > 0) {
			finalText = assistant.toString();
			assistantText(finalText);
			assistant.setLength(0);
		}
	}

	private void toolResult(JsonNode event) {
		String[] call = pending.remove(Text.string(event, "tool_id"));
		String name = call != null ? call[0] : "tool";
		boolean failed = !"success".equals(Text.string(event, "status"));
		String output = failed ? errorMessage(event.path("error"), Text.string(event, "output"))
				: String.valueOf(Text.string(event, "output"));
		log.emit("tool_call", (failed ? "failed " : "completed ") + name + ": " + Text.oneLine(output, 300));
		String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
		toolCompleted(name + " " + (call != null ? call[1] : ""), output, failed,
				lower.contains("write") || lower.contains("replace") || lower.contains("edit"));
	}

	private void result(JsonNode event) {
		terminal = true;
		status = Text.string(event, "status");
		if (event.has("error")) {
			resultError = errorMessage(event.path("error"), null);
		}
		JsonNode stats = event.path("stats");
		if (stats.isObject() && Text.hasAny(stats, "input_tokens", "output_tokens", "inputTokens", "outputTokens")) {
			reportedUsage = new Usage(Text.firstNumber(stats, "input_tokens", "inputTokens"),
					Text.firstNumber(stats, "output_tokens", "outputTokens"),
					Text.firstNumber(stats, "cached", "cached_tokens", "cachedTokens"));
			meter.settle(reportedUsage);
		}
		Long duration = Text.number(stats, "duration_ms");
		log.emit("result", status + (duration != null ? " in " + Text.seconds(duration) : "") + ", session " + sessionId
				+ (reportedUsage != null ? ", usage " + reportedUsage : ", no token counts reported")
				+ (Text.number(stats, "tool_calls") != null ? ", " + Text.number(stats, "tool_calls") + " tool calls" : "")
				+ (resultError != null ? ": " + resultError : ""));
	}

	@Override
	Verdict verdict(CliProcess.Exit exit, int filesWritten) {
		flush();
		if (terminal) {
			return "success".equals(status) ? Verdict.ok()
					: Verdict.failed(provider + " reported an error: " + Text.oneLine(
							resultError != null ? resultError : lastError != null ? lastError : status, 1000));
		}
		Integer code = exit.exitCode();
		if (code != null && (code == 41 || code == 42)) {
			return Verdict.misconfigured(provider + " rejected its configuration (exit code " + code
					+ (code == 41 ? ", authentication" : ", invalid input") + "): "
					+ Text.oneLine(log.redact(exit.stderrTail()), 800));
		}
		return Verdict.failed(noResult(exit));
	}

	private static String describe(JsonNode parameters) {
		for (String field : new String[] { "file_path", "absolute_path", "path", "command", "pattern", "query" }) {
			String value = Text.string(parameters, field);
			if (value != null) {
				return Text.oneLine(value, 200);
			}
		}
		return Text.oneLine(compact(parameters), 200);
	}

	private static String errorMessage(JsonNode error, String fallback) {
		String message = Text.string(error, "message");
		if (message != null) {
			String type = Text.string(error, "type");
			return type != null ? type + ": " + message : message;
		}
		return fallback != null ? fallback : compact(error);
	}

}
