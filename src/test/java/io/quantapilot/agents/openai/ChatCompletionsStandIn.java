package io.quantapilot.agents.openai;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OpenAI-compatible Chat Completions server for tests (JDK HttpServer on loopback): it records every
 * request and answers from a script with the documented response shapes — assistant messages with
 * {@code tool_calls} whose {@code arguments} are JSON strings, {@code usage} with
 * {@code prompt_tokens_details.cached_tokens}, and the {@code {"error": {…}}} body with status codes and
 * {@code Retry-After} headers.
 */
public final class ChatCompletionsStandIn implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** A received request. */
	public record Request(String method, String path, Map<String, List<String>> headers, JsonNode body) {

		public String header(String name) {
			for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
				if (entry.getKey().equalsIgnoreCase(name)) {
					return entry.getValue().get(0);
				}
			}
			return null;
		}

		/** The number of assistant messages so far: the turn this request asks for, from 0. */
		public int turn() {
			int turn = 0;
			for (JsonNode message : body.path("messages")) {
				if ("assistant".equals(message.path("role").asString())) {
					turn++;
				}
			}
			return turn;
		}

		/** The content of the tool messages of this request, in order. */
		public List<String> toolResults() {
			List<String> results = new ArrayList<>();
			for (JsonNode message : body.path("messages")) {
				if ("tool".equals(message.path("role").asString())) {
					results.add(message.path("content").asString());
				}
			}
			return results;
		}

		/** The first user message. */
		public String userPrompt() {
			for (JsonNode message : body.path("messages")) {
				if ("user".equals(message.path("role").asString())) {
					return message.path("content").asString();
				}
			}
			return "";
		}

	}

	/** An answer: status, headers, body, and an optional delay before it is sent. */
	public record Reply(int status, Map<String, String> headers, String body, long delayMillis) {

		public Reply after(long millis) {
			return new Reply(status, headers, body, millis);
		}

	}

	/** One scripted tool call. */
	public record Call(String name, Map<String, Object> arguments) {
	}

	private final HttpServer server;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger ids = new AtomicInteger();

	private volatile Function<Request, Reply> script = request -> error(500, "no script");

	public ChatCompletionsStandIn() throws IOException {
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", this::handle);
		server.setExecutor(Executors.newCachedThreadPool(runnable -> {
			Thread thread = new Thread(runnable, "stand-in");
			thread.setDaemon(true);
			return thread;
		}));
		server.start();
	}

	/** The base URL to configure ({@code …/v1}). */
	public String baseUrl() {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
	}

	public ChatCompletionsStandIn script(Function<Request, Reply> script) {
		this.script = script;
		return this;
	}

	/** Answers the n-th turn of a conversation (counted by its assistant messages) with the n-th reply. */
	public ChatCompletionsStandIn turns(Reply... replies) {
		return script(request -> request.turn() < replies.length ? replies[request.turn()]
				: error(500, "the script has no turn " + request.turn()));
	}

	public List<Request> requests() {
		return List.copyOf(requests);
	}

	/** The chat requests only. */
	public List<Request> chatRequests() {
		return requests.stream().filter(r -> r.path().endsWith("/chat/completions")).toList();
	}

	public Request lastChatRequest() {
		List<Request> chats = chatRequests();
		return chats.get(chats.size() - 1);
	}

	/** An assistant message calling tools, with usage. */
	public Reply toolCalls(long promptTokens, long completionTokens, long cachedTokens, Call... calls) {
		ObjectNode message = JSON.createObjectNode().put("role", "assistant");
		message.putNull("content");
		ArrayNode toolCalls = message.putArray("tool_calls");
		for (Call call : calls) {
			ObjectNode toolCall = toolCalls.addObject().put("id", "call_" + ids.incrementAndGet()).put("type", "function");
			toolCall.putObject("function").put("name", call.name()).put("arguments", JSON.writeValueAsString(call.arguments()));
		}
		return completion(message, "tool_calls", usage(promptTokens, completionTokens, cachedTokens));
	}

	/** A reply without its {@code usage} object, as some local servers answer. */
	public static Reply withoutUsage(Reply reply) {
		ObjectNode body = (ObjectNode) JSON.readTree(reply.body());
		body.remove("usage");
		return new Reply(reply.status(), reply.headers(), body.toString(), reply.delayMillis());
	}

	/** A plain text answer. */
	public Reply text(String content, long promptTokens, long completionTokens) {
		ObjectNode message = JSON.createObjectNode().put("role", "assistant").put("content", content);
		return completion(message, "stop", usage(promptTokens, completionTokens, 0));
	}

	public static Call call(String name, Object... keyValues) {
		Map<String, Object> arguments = new LinkedHashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) {
			arguments.put((String) keyValues[i], keyValues[i + 1]);
		}
		return new Call(name, arguments);
	}

	public static Reply error(int status, String message, String... headers) {
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i < headers.length; i += 2) {
			map.put(headers[i], headers[i + 1]);
		}
		ObjectNode body = JSON.createObjectNode();
		body.putObject("error").put("message", message).put("type", status == 429 ? "requests" : "server_error")
			.put("code", status == 429 ? "rate_limit_exceeded" : null);
		return new Reply(status, map, body.toString(), 0);
	}

	private Reply completion(ObjectNode message, String finishReason, ObjectNode usage) {
		ObjectNode body = JSON.createObjectNode()
			.put("id", "chatcmpl-" + ids.incrementAndGet())
			.put("object", "chat.completion")
			.put("created", 1_700_000_000L)
			.put("model", "stand-in-model")
			.put("system_fingerprint", "fp_test")
			.put("service_tier", "default");
		ObjectNode choice = body.putArray("choices").addObject().put("index", 0).put("finish_reason", finishReason);
		choice.set("message", message);
		choice.putNull("logprobs");
		body.set("usage", usage);
		return new Reply(200, Map.of(), body.toString(), 0);
	}

	private static ObjectNode usage(long prompt, long completion, long cached) {
		ObjectNode usage = JSON.createObjectNode()
			.put("prompt_tokens", prompt)
			.put("completion_tokens", completion)
			.put("total_tokens", prompt + completion);
		usage.putObject("prompt_tokens_details").put("cached_tokens", cached).put("audio_tokens", 0);
		usage.putObject("completion_tokens_details").put("reasoning_tokens", 0).put("audio_tokens", 0);
		return usage;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] raw;
			try (InputStream in = exchange.getRequestBody()) {
				raw = in.readAllBytes();
			}
			JsonNode body = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
			Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
					Map.copyOf(exchange.getRequestHeaders()), body);
			requests.add(request);
			Reply reply;
			if (request.path().endsWith("/models")) {
				reply = new Reply(200, Map.of(),
						"{\"object\":\"list\",\"data\":[{\"id\":\"stand-in-model\",\"object\":\"model\"}]}", 0);
			}
			else {
				reply = script.apply(request);
			}
			if (reply.delayMillis() > 0) {
				try {
					Thread.sleep(reply.delayMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
			byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
			exchange.sendResponseHeaders(reply.status(), bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
	}

	@Override
	public void close() {
		server.stop(0);
		((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
	}

}
