package io.quantapilot.agents.cli;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Claude Code's {@code -p --output-format stream-json --verbose} events (the Agent SDK message types):
 * {@code system/init} and other system subtypes, {@code assistant} messages whose content holds text, thinking and
 * {@code tool_use} blocks with per-message {@code usage}, {@code user} messages carrying {@code tool_result} blocks,
 * and the terminal {@code result} with {@code usage}, {@code total_cost_usd} and {@code modelUsage}. Neither the exit
 * code nor the subtype alone is trusted: an API error can arrive as {@code subtype: success} with
 * {@code is_error: true}, and a run can "succeed" without a single turn.
 */
final class ClaudeStream extends AgentStream {

	private static final Set<String> WRITE_TOOLS = Set.of("write", "edit", "multiedit", "notebookedit");

	private final Map<String, String[]> pending = new HashMap<>();

	private final Map<String, Usage> messageUsage = new HashMap<>();

	private String subtype;

	private boolean isError;

	private Long turns;

	private Double costUsd;

	ClaudeStream(String provider, EventLog log, StuckDetector stuck, UsageMeter meter) {
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
		if (sessionId == null) {
			sessionId = Text.string(event, "session_id");
		}
		switch (type == null ? "" : type) {
			case "system" -> system(event);
			case "assistant" -> assistant(event);
			case "user" -> user(event);
			case "result" -> result(event);
			case "stream_event" -> {
				// Raw API deltas (--include-partial-messages): the complete messages follow anyway.
			}
			default -> unknown(type, event);
		}
	}

	private void system(JsonNode event) {
		String sub = Text.string(event, "subtype");
		if ("init".equals(sub)) {
			reportedModel = Text.string(event, "model");
			log.emit("system", "init: model " + reportedModel + ", session " + sessionId + ", permission mode "
					+ Text.string(event, "permissionMode") + ", API key from " + Text.string(event, "apiKeySource")
					+ ", " + event.path("tools").size() + " tools, Claude Code "
					+ Text.string(event, "claude_code_version"));
		}
		else {
			log.emit("system", (sub != null ? sub : "system") + ": " + Text.abbreviate(compact(event), 300));
		}
	}

	private void assistant(JsonNode event) {
		JsonNode message = event.path("message");
		if (event.has("error") && !event.path("error").isNull()) {
			lastError = Text.oneLine(compact(event.path("error")), 500);
		}
		for (JsonNode block : message.path("content")) {
			String kind = Text.string(block, "type");
			if ("text".equals(kind)) {
				assistantText(Text.string(block, "text"));
			}
			else if ("thinking".equals(kind)) {
				String thinking = Text.string(block, "thinking");
				outputChars += thinking != null ? thinking.length() : 0;
			}
			else if ("tool_use".equals(kind)) {
				String name = Text.string(block, "name");
				JsonNode input = block.path("input");
				pending.put(Text.string(block, "id"), new String[] { name, compact(input) });
				toolStarted(compact(input));
				log.emit("tool_call", "started " + name + " " + describe(input));
			}
		}
		JsonNode usage = message.path("usage");
		String id = Text.string(message, "id");
		if (usage.isObject() && id != null) {
			// A message arrives once per content block, each with the message's usage so far: count its growth.
			Usage now = usage(usage);
			Usage before = messageUsage.getOrDefault(id, Usage.NONE);
			messageUsage.put(id, now);
			meter.add(now.minus(before));
		}
	}

	private void user(JsonNode event) {
		JsonNode content = event.path("message").path("content");
		if (content.isString()) {
			log.emit("user", "prompt: " + Text.oneLine(content.stringValue(), 300));
			return;
		}
		for (JsonNode block : content) {
			String kind = Text.string(block, "type");
			if ("tool_result".equals(kind)) {
				String[] call = pending.remove(Text.string(block, "tool_use_id"));
				String name = call != null ? call[0] : "tool";
				String result = resultText(block.path("content"));
				boolean failed = block.path("is_error").asBoolean(false);
				log.emit("tool_call", (failed ? "failed " : "completed ") + name + ": " + Text.oneLine(result, 300));
				toolCompleted(name + " " + (call != null ? call[1] : ""), result, failed,
						WRITE_TOOLS.contains(name == null ? "" : name.toLowerCase(Locale.ROOT)));
			}
			else if ("text".equals(kind)) {
				log.emit("user", "prompt: " + Text.oneLine(Text.string(block, "text"), 300));
			}
		}
	}

	private void result(JsonNode event) {
		terminal = true;
		subtype = Text.string(event, "subtype");
		isError = event.path("is_error").asBoolean(false);
		turns = Text.number(event, "num_turns");
		finalText = Text.string(event, "result");
		if (event.path("total_cost_usd").isNumber()) {
			costUsd = event.path("total_cost_usd").asDouble();
			reportedCostUsd = costUsd;
		}
		JsonNode usage = event.path("usage");
		if (usage.isObject()) {
			reportedUsage = usage(usage);
			meter.settle(reportedUsage);
		}
		JsonNode models = event.path("modelUsage");
		if (models.isObject() && !models.propertyNames().isEmpty()) {
			reportedModel = models.propertyNames().iterator().next();
		}
		if (isError && finalText != null) {
			lastError = finalText;
		}
		JsonNode errors = event.path("errors");
		if (errors.isArray() && !errors.isEmpty()) {
			lastError = Text.oneLine(compact(errors), 500);
		}
		Long duration = Text.number(event, "duration_ms");
		log.emit("result", subtype + (isError ? " (error)" : "") + " after " + turns + " turns"
				+ (duration != null ? " in " + Text.seconds(duration) : "") + ", session " + sessionId
				+ (reportedUsage != null ? ", usage " + reportedUsage : "")
				+ (costUsd != null ? String.format(Locale.ROOT, ", cost reported by the CLI $%.4f", costUsd) : "")
				+ (event.path("permission_denials").size() > 0
						? ", " + event.path("permission_denials").size() + " permission denials" : ""));
	}

	@Override
	Verdict verdict(CliProcess.Exit exit, int filesWritten) {
		if (!terminal) {
			return Verdict.failed(noResult(exit));
		}
		if (isError || !"success".equals(subtype)) {
			return Verdict.failed(provider + " reported an error (" + subtype + "): "
					+ Text.oneLine(lastError != null ? lastError : finalText, 1000));
		}
		if (turns != null && turns == 0) {
			return Verdict.failed(provider + " reported success without a single turn");
		}
		if ((finalText == null || finalText.isBlank()) && filesWritten == 0) {
			return Verdict.failed(provider + " reported success with no answer and no file written");
		}
		if (exit.exitCode() != null && exit.exitCode() != 0) {
			return Verdict.failed(provider + " reported success but exited with " + exit.describe() + ": "
					+ Text.oneLine(log.redact(exit.stderrTail()), 500));
		}
		return Verdict.ok();
	}

	/** Input in the ledger's sense: uncached, cache-written and cache-read tokens together. */
	private static Usage usage(JsonNode usage) {
		long cacheRead = Text.firstNumber(usage, "cache_read_input_tokens");
		long input = Text.firstNumber(usage, "input_tokens") + Text.firstNumber(usage, "cache_creation_input_tokens")
				+ cacheRead;
		return new Usage(input, Text.firstNumber(usage, "output_tokens"), cacheRead);
	}

	private static String describe(JsonNode input) {
		for (String field : new String[] { "file_path", "path", "command", "pattern", "url", "query", "description" }) {
			String value = Text.string(input, field);
			if (value != null) {
				return Text.oneLine(value, 200);
			}
		}
		return Text.oneLine(compact(input), 200);
	}

	private static String resultText(JsonNode content) {
		if (content.isString()) {
			return content.stringValue();
		}
		StringBuilder text = new StringBuilder();
		for (JsonNode part : content) {
			if (part.path("text").isString()) {
				text.append(part.path("text").stringValue());
			}
		}
		return text.length() > 0 ? text.toString() : compact(content);
	}

}
