package io.quantapilot.notifications;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for the Telegram Bot API over real HTTP, with the documented shapes: {@code POST
 * /bot<token>/<method>} with JSON, answered {@code {"ok":true,"result":…}} or {@code {"ok":false,
 * "error_code":…,"description":…,"parameters":{"retry_after":N}}}; {@code getUpdates} long-polls the
 * updates a test pushes; files download from {@code /file/bot<token>/<path>}. Every call is recorded.
 */
public final class TelegramStandIn {

	public static final String TOKEN = "123456789:AAE-integration-test-token";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final List<Call> calls = new CopyOnWriteArrayList<>();

	private final List<JsonNode> updates = new ArrayList<>();

	private final AtomicLong messageIds = new AtomicLong(1000);

	private final AtomicLong updateIds = new AtomicLong(500_000);

	private final Map<String, Deque<int[]>> failures = new ConcurrentHashMap<>();

	private final Map<String, byte[]> files = new ConcurrentHashMap<>();

	/** One recorded Bot API call and what the stand-in answered. */
	public record Call(String method, JsonNode params, Instant at, JsonNode response) {

		/** The {@code message_id} of the message a successful send created. */
		public long messageId() {
			return response.path("result").path("message_id").asLong();
		}

		public long chatId() {
			return params.path("chat_id").asLong();
		}

		public String text() {
			return params.path("text").asString("");
		}

		/** Whether the stand-in accepted the call. */
		public boolean ok() {
			return response.path("ok").asBoolean(false);
		}

	}

	private TelegramStandIn(HttpServer server) {
		this.server = server;
	}

	public static TelegramStandIn start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			TelegramStandIn standIn = new TelegramStandIn(server);
			server.createContext("/", standIn::handle);
			// Long polls hold a thread each; a cached pool never runs out.
			server.setExecutor(Executors.newCachedThreadPool(r -> {
				Thread t = new Thread(r, "telegram-stand-in");
				t.setDaemon(true);
				return t;
			}));
			server.start();
			return standIn;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String url() {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	public void stop() {
		server.stop(0);
	}

	/** Queues an update for {@code getUpdates}; returns its id. */
	public long push(Map<String, Object> update) {
		ObjectNode node = JSON.valueToTree(update);
		long id = node.has("update_id") ? node.path("update_id").asLong() : updateIds.incrementAndGet();
		node.put("update_id", id);
		synchronized (updates) {
			updates.add(node);
			updates.notifyAll();
		}
		return id;
	}

	public long nextUpdateId() {
		return updateIds.incrementAndGet();
	}

	/** The next {@code count} calls of {@code method} fail with {@code errorCode} (429: with retry_after). */
	public void failNext(String method, int count, int errorCode, int retryAfterSeconds) {
		Deque<int[]> queue = failures.computeIfAbsent(method, m -> new ArrayDeque<>());
		synchronized (queue) {
			for (int i = 0; i < count; i++) {
				queue.add(new int[] { errorCode, retryAfterSeconds });
			}
		}
	}

	/** Makes a file downloadable ({@code getFile} and {@code /file/…}); returns its file id. */
	public String addFile(String name, String content) {
		String id = "file-" + messageIds.incrementAndGet();
		files.put(id, content.getBytes(StandardCharsets.UTF_8));
		return id;
	}

	public List<Call> calls(String method) {
		return calls.stream().filter(c -> c.method().equals(method)).toList();
	}

	/** Waits for a call of {@code method} that satisfies {@code condition}. */
	public Call await(String method, Predicate<Call> condition, Duration timeout) {
		Call[] found = new Call[1];
		Awaitility.await()
			.atMost(timeout)
			.pollInterval(Duration.ofMillis(50))
			.alias("Telegram " + method)
			.until(() -> {
				for (Call call : calls) {
					if (call.method().equals(method) && condition.test(call)) {
						found[0] = call;
						return true;
					}
				}
				return false;
			});
		return found[0];
	}

	/** Waits for a message delivered to the chat whose text contains {@code text}. */
	public Call awaitMessage(long chatId, String text, Duration timeout) {
		return await("sendMessage", c -> c.ok() && c.chatId() == chatId && c.text().contains(text), timeout);
	}

	/** Messages delivered to a chat (refused attempts left out). */
	public List<Call> messagesTo(long chatId) {
		return calls("sendMessage").stream().filter(c -> c.ok() && c.chatId() == chatId).toList();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			if (path.startsWith("/file/bot" + TOKEN + "/")) {
				byte[] file = files.get(path.substring(path.lastIndexOf('/') + 1));
				exchange.sendResponseHeaders(file != null ? 200 : 404, file != null ? file.length : -1);
				if (file != null) {
					exchange.getResponseBody().write(file);
				}
				return;
			}
			String prefix = "/bot" + TOKEN + "/";
			if (!path.startsWith(prefix)) {
				respond(exchange, 401, error(401, "Unauthorized", null));
				return;
			}
			String method = path.substring(prefix.length());
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			JsonNode params = body.length > 0 ? JSON.readTree(body) : JSON.createObjectNode();
			Instant at = Instant.now();
			int[] failure = nextFailure(method);
			if (failure != null) {
				String description = failure[0] == 429 ? "Too Many Requests: retry after " + failure[1] : "Bad Request";
				Map<String, Object> answer = error(failure[0], description, failure[0] == 429 ? failure[1] : null);
				calls.add(new Call(method, params, at, JSON.valueToTree(answer)));
				respond(exchange, failure[0], answer);
				return;
			}
			Map<String, Object> answer = ok(result(method, params));
			calls.add(new Call(method, params, at, JSON.valueToTree(answer)));
			respond(exchange, 200, answer);
		}
	}

	private int[] nextFailure(String method) {
		Deque<int[]> queue = failures.get(method);
		if (queue == null) {
			return null;
		}
		synchronized (queue) {
			return queue.poll();
		}
	}

	private Object result(String method, JsonNode params) {
		switch (method) {
			case "sendMessage", "editMessageText" -> {
				Map<String, Object> message = new LinkedHashMap<>();
				message.put("message_id", "sendMessage".equals(method) ? messageIds.incrementAndGet()
						: params.path("message_id").asLong());
				message.put("date", Instant.now().getEpochSecond());
				message.put("chat", Map.of("id", params.path("chat_id").asLong(), "type", "private"));
				message.put("text", params.path("text").asString(""));
				return message;
			}
			case "getUpdates" -> {
				return pollUpdates(params.path("offset").asLong(0), params.path("timeout").asLong(0));
			}
			case "getFile" -> {
				String id = params.path("file_id").asString("");
				byte[] file = files.get(id);
				return Map.of("file_id", id, "file_unique_id", "u" + id, "file_size", file != null ? file.length : 0,
						"file_path", "documents/" + id);
			}
			case "getMe" -> {
				return Map.of("id", 123456789, "is_bot", true, "first_name", "QuantaPilot", "username", "quantapilot_bot");
			}
			default -> {
				return true;
			}
		}
	}

	private List<JsonNode> pollUpdates(long offset, long timeoutSeconds) {
		long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
		synchronized (updates) {
			// Telegram forgets updates below the offset: they were confirmed.
			updates.removeIf(u -> u.path("update_id").asLong() < offset);
			while (updates.isEmpty()) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					break;
				}
				try {
					updates.wait(Math.max(1, left / 1_000_000));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
			}
			return List.copyOf(updates);
		}
	}

	private static Map<String, Object> ok(Object result) {
		return Map.of("ok", true, "result", result);
	}

	private static Map<String, Object> error(int code, String description, Integer retryAfter) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("ok", false);
		body.put("error_code", code);
		body.put("description", description);
		if (retryAfter != null) {
			body.put("parameters", Map.of("retry_after", retryAfter));
		}
		return body;
	}

	private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
		byte[] bytes = JSON.writeValueAsBytes(body);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
