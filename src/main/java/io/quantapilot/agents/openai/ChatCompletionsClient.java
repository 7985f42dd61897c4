package io.quantapilot.agents.openai;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.quantapilot.agents.http.ResilientHttpClient;
import io.quantapilot.common.QuantaPilotException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST {base}/chat/completions} with tools, non-streaming. Parses tolerantly: unknown fields are
 * ignored, {@code usage} and its {@code *_details} may be missing (local servers), and tool-call arguments
 * may come as a string (the protocol) or as an object (some local servers).
 */
final class ChatCompletionsClient {

	private final OpenAiSettings settings;

	private final ResilientHttpClient http;

	private final JsonMapper json;

	ChatCompletionsClient(OpenAiSettings settings, ResilientHttpClient http, JsonMapper json) {
		this.settings = settings;
		this.http = http;
		this.json = json;
	}

	/** One tool call of an assistant message. */
	record ToolCall(String id, String name, String arguments) {
	}

	/** Token usage of one call as the server reported it. */
	record Usage(long promptTokens, long completionTokens, long cachedTokens) {
	}

	/**
	 * One completion.
	 *
	 * @param message the assistant message to send back in the next request
	 * @param content its text, or empty
	 * @param toolCalls the calls it asks for
	 * @param finishReason why the model stopped
	 * @param usage usage, or null when the server sent none
	 */
	record Completion(ObjectNode message, String content, List<ToolCall> toolCalls, String finishReason, Usage usage) {
	}

	Completion complete(String model, ArrayNode messages, ArrayNode tools, Duration timeout, Consumer<String> onRetry)
			throws InterruptedException {
		ObjectNode body = json.createObjectNode().put("model", model);
		body.set("messages", messages);
		body.set("tools", tools);
		if (settings.maxOutputTokens() > 0) {
			body.put("max_completion_tokens", settings.maxOutputTokens());
		}
		HttpRequest request = request("/chat/completions", timeout).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
			.build();
		HttpResponse<String> response = http.send(request, onRetry);
		if (response.statusCode() / 100 != 2) {
			throw failure(response);
		}
		JsonNode root;
		try {
			root = json.readTree(response.body());
		}
		catch (JacksonException ex) {
			throw new QuantaPilotException.TransientFailure("openai: the answer is not JSON: " + abbreviate(response.body()),
					ex);
		}
		JsonNode choice = root.path("choices").path(0);
		if (!choice.path("message").isObject()) {
			throw new QuantaPilotException.TransientFailure("openai: the answer has no choices[0].message: "
					+ abbreviate(response.body()), null);
		}
		JsonNode message = choice.path("message");
		String content = message.path("content").isString() ? message.path("content").asString() : "";
		List<ToolCall> calls = new ArrayList<>();
		ArrayNode sentBack = json.createArrayNode();
		int index = 0;
		for (JsonNode call : message.path("tool_calls")) {
			JsonNode function = call.path("function");
			JsonNode arguments = function.path("arguments");
			String args = arguments.isString() ? arguments.asString()
					: arguments.isMissingNode() || arguments.isNull() ? "{}" : arguments.toString();
			// Some local servers leave out the id; the tool message must still name one.
			String id = call.path("id").isString() && !call.path("id").asString().isBlank() ? call.path("id").asString()
					: "call_" + index;
			calls.add(new ToolCall(id, function.path("name").asString(""), args));
			ObjectNode echoed = sentBack.addObject().put("id", id).put("type", "function");
			echoed.putObject("function").put("name", function.path("name").asString("")).put("arguments", args);
			index++;
		}
		ObjectNode assistant = json.createObjectNode().put("role", "assistant");
		if (content.isEmpty() && !calls.isEmpty()) {
			assistant.putNull("content");
		}
		else {
			assistant.put("content", content);
		}
		if (!calls.isEmpty()) {
			assistant.set("tool_calls", sentBack);
		}
		return new Completion(assistant, content, calls, choice.path("finish_reason").asString(""), usage(root.path("usage")));
	}

	/** {@code GET {base}/models} once, for the configuration check. */
	HttpResponse<String> models(Duration timeout) throws java.io.IOException, InterruptedException {
		return http.sendOnce(request("/models", timeout).GET().build());
	}

	private HttpRequest.Builder request(String path, Duration timeout) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(settings.base() + path))
			.timeout(timeout)
			.header("Accept", "application/json");
		// Local servers need no key; sending an empty bearer would make some of them refuse the call.
		if (settings.hasApiKey()) {
			builder.header("Authorization", "Bearer " + settings.apiKey().trim());
		}
		return builder;
	}

	private static Usage usage(JsonNode usage) {
		if (!usage.isObject() || !usage.path("prompt_tokens").canConvertToLong()) {
			return null;
		}
		return new Usage(usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0),
				usage.path("prompt_tokens_details").path("cached_tokens").asLong(0));
	}

	private QuantaPilotException failure(HttpResponse<String> response) {
		int status = response.statusCode();
		String detail = errorMessage(response.body());
		String message = "openai: HTTP " + status + " from " + settings.base() + (detail.isEmpty() ? "" : ": " + detail);
		return switch (status) {
			case 401, 403 -> new QuantaPilotException(message + " (check quantapilot.agents.openai.api-key)");
			case 404 -> new QuantaPilotException(message + " (check quantapilot.agents.openai.base-url and the model)");
			case 429 -> new QuantaPilotException(message + " (the account's quota is exhausted)");
			default -> new QuantaPilotException(message);
		};
	}

	private String errorMessage(String body) {
		try {
			JsonNode error = json.readTree(body).path("error");
			if (error.isObject()) {
				String code = error.path("code").isString() ? " [" + error.path("code").asString() + "]" : "";
				return error.path("message").asString("") + code;
			}
			if (error.isString()) {
				return error.asString();
			}
		}
		catch (JacksonException ex) {
			// Not JSON: show the raw body.
		}
		return abbreviate(body);
	}

	/** A 429 for an exhausted quota or billing limit: waiting does not help, so it is not retried. */
	static boolean quotaExhausted(HttpResponse<String> response) {
		return response.statusCode() == 429 && response.body() != null && response.body().contains("insufficient_quota");
	}

	static String abbreviate(String text) {
		if (text == null) {
			return "";
		}
		String flat = text.replaceAll("\\s+", " ").trim();
		return flat.length() <= 300 ? flat : flat.substring(0, 300) + "…";
	}

}
