package io.quantapilot.agents.cli;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * The Cursor Agent CLI's {@code --output-format stream-json} events: {@code system/init}, {@code user},
 * {@code assistant} (complete segments, or deltas with {@code --stream-partial-output}), {@code tool_call}
 * {@code started}/{@code completed} matched by {@code call_id} (the payload keyed by an open-ended tool kind such as
 * {@code readToolCall}), and the terminal {@code result}, which is only sent on success. Recent builds add
 * {@code usage} (camelCase, input including cache reads and writes) to the result; older ones report no tokens.
 */
final class CursorStream extends AgentStream {

	private final Map<String, String> started = new HashMap<>();

	private final StringBuilder partial = new StringBuilder();

	private boolean partialMode;

	private Boolean resultError;

	private String resultSubtype;

	CursorStream(String provider, EventLog log, StuckDetector stuck, UsageMeter meter) {
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
		String subtype = Text.string(event, "subtype");
		if (!"assistant".equals(type)) {
			flushPartial();
		}
		if (sessionId == null) {
			sessionId = Text.string(event, "session_id");
		}
		switch (type == null ? "" : type) {
			case "system" -> system(event, subtype);
			case "user" -> log.emit("user", "prompt: " + Text.oneLine(text(event.path("message")), 300));
			case "assistant" -> assistant(event);
			case "tool_call" -> toolCall(event, subtype);
			case "result" -> result(event, subtype);
			case "error" -> {
				lastError = firstText(event, "message", "error");
				log.emit("error", lastError);
			}
			default -> unknown(type, event);
		}
	}

	private void system(JsonNode event, String subtype) {
		if ("init".equals(subtype)) {
			reportedModel = Text.string(event, "model");
			log.emit("system", "init: model " + Text.string(event, "model") + ", session " + sessionId
					+ ", permission mode " + Text.string(event, "permissionMode") + ", API key from "
					+ Text.string(event, "apiKeySource") + ", cwd " + Text.string(event, "cwd"));
		}
		else if ("error".equals(subtype)) {
			lastError = firstText(event, "message", "error");
			log.emit("error", lastError);
		}
		else {
			unknown("system", event);
		}
	}

	private void assistant(JsonNode event) {
		String text = text(event.path("message"));
		boolean timestamp = event.has("timestamp_ms");
		boolean callId = event.has("model_call_id");
		if (timestamp && !callId) {
			// A delta of --stream-partial-output: collect it, log the whole segment once.
			partialMode = true;
			partial.append(text);
			return;
		}
		if (partialMode) {
			// With partial output, complete segments are re-flushes of deltas already collected.
			return;
		}
		assistantText(text);
	}

	private void flushPartial() {
		if (partial.length() > 0) {
			assistantText(partial.toString());
			partial.setLength(0);
		}
	}

	private void toolCall(JsonNode event, String subtype) {
		String callId = Text.string(event, "call_id");
		Map.Entry<String, JsonNode> tool = firstProperty(event.path("tool_call"));
		String kind = tool != null ? tool.getKey() : "tool";
		JsonNode payload = tool != null ? tool.getValue() : event.path("tool_call");
		JsonNode args = payload.has("args") ? payload.path("args") : payload.path("function");
		String name = toolName(kind, payload);
		// A completion without its arguments is described as its start was.
		String action = args.isMissingNode() && started.containsKey(callId) ? started.get(callId)
				: name + " " + describeArgs(args);
		if ("started".equals(subtype)) {
			started.put(callId, action);
			toolStarted(compact(args));
			log.emit("tool_call", "started " + action);
			return;
		}
		if (!"completed".equals(subtype)) {
			unknown("tool_call", event);
			return;
		}
		started.remove(callId);
		JsonNode result = payload.path("result");
		Map.Entry<String, JsonNode> outcome = firstProperty(result);
		JsonNode success = result.path("success");
		Long exitCode = Text.number(success, "exitCode");
		boolean failed = (outcome != null && !"success".equals(outcome.getKey())) || (exitCode != null && exitCode != 0);
		String detail = failed ? describeFailure(outcome, success) : describeSuccess(success);
		log.emit("tool_call", (failed ? "failed " : "completed ") + action + (detail.isEmpty() ? "" : ": " + detail));
		toolCompleted(args.isMissingNode() ? action : name + " " + compact(withoutIds(args)), compact(result), failed,
				writes(kind));
	}

	private void result(JsonNode event, String subtype) {
		terminal = true;
		resultSubtype = subtype;
		resultError = event.path("is_error").asBoolean(false);
		finalText = Text.string(event, "result");
		Long duration = Text.number(event, "duration_ms");
		Long apiDuration = Text.number(event, "duration_api_ms");
		JsonNode usage = event.path("usage");
		if (usage.isObject() && Text.hasAny(usage, "inputTokens", "outputTokens", "input_tokens", "output_tokens")) {
			// inputTokens already includes the cache reads and writes; adding them again would double count.
			reportedUsage = new Usage(Text.firstNumber(usage, "inputTokens", "input_tokens"),
					Text.firstNumber(usage, "outputTokens", "output_tokens"),
					Text.firstNumber(usage, "cacheReadTokens", "cache_read_tokens", "cachedTokens"));
			meter.settle(reportedUsage);
		}
		log.emit("result", (subtype != null ? subtype : "result") + (resultError ? " (error)" : "")
				+ (duration != null ? " in " + Text.seconds(duration) : "")
				+ (apiDuration != null ? " (model time " + Text.seconds(apiDuration) + ")" : "") + ", session "
				+ sessionId + (reportedUsage != null ? ", usage " + reportedUsage : ", no token counts reported")
				+ (Text.string(event, "request_id") != null ? ", request " + Text.string(event, "request_id") : ""));
	}

	/** The model asked for wins: the CLI reports a display name ("Claude 4 Sonnet"), not the id prices use. */
	@Override
	String model(String requested) {
		return requested != null && !requested.isBlank() ? requested : super.model(null);
	}

	@Override
	Verdict verdict(CliProcess.Exit exit, int filesWritten) {
		flushPartial();
		if (terminal) {
			if (Boolean.TRUE.equals(resultError) || (resultSubtype != null && !"success".equals(resultSubtype))) {
				return Verdict.failed(provider + " reported an error (" + resultSubtype + "): "
						+ Text.oneLine(finalText, 1000));
			}
			// The result event is the completion boundary: a lingering or oddly exiting process
			// does not undo the work it reported.
			return Verdict.ok();
		}
		String stderr = exit.stderrTail().toLowerCase(Locale.ROOT);
		if (stderr.contains("authentication required") || stderr.contains("invalid api key")
				|| stderr.contains("unauthorized")) {
			return Verdict.misconfigured(provider + " could not authenticate: check quantapilot.agents.cursor-cli.api-key"
					+ " (CURSOR_API_KEY); stderr: " + Text.oneLine(log.redact(exit.stderrTail()), 500));
		}
		return Verdict.failed(noResult(exit));
	}

	private static String toolName(String kind, JsonNode payload) {
		if (kind.endsWith("ToolCall")) {
			return kind.substring(0, kind.length() - "ToolCall".length());
		}
		if ("function".equals(kind) || payload.has("name")) {
			String name = Text.string(payload, "name");
			return name != null ? name : kind;
		}
		return kind;
	}

	private static boolean writes(String kind) {
		String k = kind.toLowerCase(Locale.ROOT);
		return k.contains("write") || k.contains("edit") || k.contains("delete");
	}

	private static String describeArgs(JsonNode args) {
		for (String field : new String[] { "path", "command", "pattern", "globPattern", "query", "url", "name" }) {
			String value = Text.string(args, field);
			if (value != null) {
				return Text.oneLine(value, 200);
			}
		}
		return Text.oneLine(compact(withoutIds(args)), 200);
	}

	private static String describeSuccess(JsonNode success) {
		if (!success.isObject()) {
			return "";
		}
		if (success.has("linesCreated") || success.has("fileSize")) {
			return Text.string(success, "linesCreated") + " lines, " + Text.string(success, "fileSize") + " bytes";
		}
		if (success.has("totalLines")) {
			return Text.string(success, "totalLines") + " lines";
		}
		if (success.has("exitCode")) {
			return "exit code " + Text.string(success, "exitCode");
		}
		return "";
	}

	private static String describeFailure(Map.Entry<String, JsonNode> outcome, JsonNode success) {
		if (outcome != null && !"success".equals(outcome.getKey())) {
			String message = firstText(outcome.getValue(), "message", "error", "reason");
			return outcome.getKey() + (message != null ? " " + Text.oneLine(message, 300) : "");
		}
		String stderr = Text.string(success, "stderr");
		return "exit code " + Text.string(success, "exitCode") + (stderr != null ? " " + Text.oneLine(stderr, 300) : "");
	}

	/** Arguments without per-call identifiers, so the same call twice is the same action. */
	private static JsonNode withoutIds(JsonNode args) {
		if (!args.isObject() || !args.has("toolCallId")) {
			return args;
		}
		tools.jackson.databind.node.ObjectNode copy = ((tools.jackson.databind.node.ObjectNode) args).deepCopy();
		copy.remove("toolCallId");
		return copy;
	}

	/** The text of a message: its {@code content[]} text parts, or a plain string. */
	static String text(JsonNode message) {
		JsonNode content = message.path("content");
		if (content.isString()) {
			return content.stringValue();
		}
		StringBuilder text = new StringBuilder();
		for (JsonNode part : content) {
			if ("text".equals(Text.string(part, "type")) && part.path("text").isString()) {
				text.append(part.path("text").stringValue());
			}
		}
		return text.toString();
	}

	private static String firstText(JsonNode node, String... fields) {
		for (String field : fields) {
			JsonNode value = node.path(field);
			if (value.isString()) {
				return value.stringValue();
			}
			if (value.isObject() && value.path("message").isString()) {
				return value.path("message").stringValue();
			}
		}
		return compact(node);
	}

	private static Map.Entry<String, JsonNode> firstProperty(JsonNode node) {
		if (!node.isObject()) {
			return null;
		}
		Iterator<Map.Entry<String, JsonNode>> properties = node.properties().iterator();
		return properties.hasNext() ? properties.next() : null;
	}

}
