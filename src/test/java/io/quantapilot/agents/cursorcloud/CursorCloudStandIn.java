package io.quantapilot.agents.cursorcloud;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Cursor Cloud Agents API v0 server for tests (JDK HttpServer on loopback) with the documented shapes:
 * launch answers 201 with the agent in {@code CREATING}; each {@code GET /v0/agents/{id}} takes the next
 * scripted status; the conversation grows by one message per poll; stop answers {@code {id}} (409 once
 * the agent is no longer running); errors are {@code {"error", "message"}}. Fields Cursor may add are
 * sprinkled in to prove the client ignores them.
 */
final class CursorCloudStandIn implements AutoCloseable {

	static final String AGENT_ID = "bc_test-0001";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** A received request. */
	record Request(String method, String path, String authorization, JsonNode body) {
	}

	private final HttpServer server;

	private final String key;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger polls = new AtomicInteger();

	private volatile boolean bearerOnly;

	private volatile List<String> statuses = List.of("RUNNING", "RUNNING", "FINISHED");

	private volatile List<String[]> messages = List.of();

	private volatile String summary = "";

	private volatile boolean stopped;

	private volatile JsonNode launched = JSON.createObjectNode();

	private volatile java.util.function.Consumer<JsonNode> onLaunch = body -> {
	};

	CursorCloudStandIn(String key) throws IOException {
		this.key = key;
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", this::handle);
		server.setExecutor(Executors.newCachedThreadPool(runnable -> {
			Thread thread = new Thread(runnable, "stand-in");
			thread.setDaemon(true);
			return thread;
		}));
		server.start();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	/** Accept only {@code Bearer <key>} (the v0 pages' form), refusing Basic with 401. */
	CursorCloudStandIn bearerOnly() {
		bearerOnly = true;
		return this;
	}

	/** The statuses of successive polls; the last one repeats. */
	CursorCloudStandIn statuses(String... statuses) {
		this.statuses = List.of(statuses);
		return this;
	}

	/** The conversation, one {type, text} pair per message; poll n sees the first n messages. */
	CursorCloudStandIn conversation(String[]... messages) {
		this.messages = List.of(messages);
		return this;
	}

	/**
	 * What the agent does when launched, before the launch is answered: e.g. push commits to the target branch
	 * of the repository, as a real cloud agent would while it runs.
	 */
	CursorCloudStandIn onLaunch(java.util.function.Consumer<JsonNode> work) {
		this.onLaunch = work;
		return this;
	}

	CursorCloudStandIn summary(String summary) {
		this.summary = summary;
		return this;
	}

	List<Request> requests() {
		return List.copyOf(requests);
	}

	List<Request> requests(String method, String path) {
		return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
	}

	int polls() {
		return polls.get();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] raw;
			try (InputStream in = exchange.getRequestBody()) {
				raw = in.readAllBytes();
			}
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), authorization,
					raw.length == 0 ? JSON.nullNode() : JSON.readTree(raw));
			requests.add(request);
			String basic = "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
			boolean authorized = ("Bearer " + key).equals(authorization) || (!bearerOnly && basic.equals(authorization));
			if (!authorized) {
				respond(exchange, 401, error("Unauthorized", "Invalid API key"));
				return;
			}
			String path = request.path();
			if (request.method().equals("POST") && path.equals("/v0/agents")) {
				launched = request.body();
				onLaunch.accept(request.body());
				respond(exchange, 201, agent("CREATING"));
			}
			else if (request.method().equals("GET") && path.equals("/v0/agents/" + AGENT_ID)) {
				int poll = polls.incrementAndGet();
				String status = stopped ? "STOPPED" : statuses.get(Math.min(poll, statuses.size()) - 1);
				respond(exchange, 200, agent(status));
			}
			else if (request.method().equals("GET") && path.equals("/v0/agents/" + AGENT_ID + "/conversation")) {
				ObjectNode body = JSON.createObjectNode().put("id", AGENT_ID);
				ArrayNode list = body.putArray("messages");
				List<String[]> all = messages;
				for (int i = 0; i < Math.min(polls.get(), all.size()); i++) {
					list.addObject().put("id", "msg_" + i).put("type", all.get(i)[0]).put("text", all.get(i)[1])
						.put("createdAt", "2026-01-01T00:00:0" + i + "Z");
				}
				respond(exchange, 200, body.toString());
			}
			else if (request.method().equals("POST") && path.equals("/v0/agents/" + AGENT_ID + "/stop")) {
				if (stopped) {
					respond(exchange, 409, error("Conflict", "Agent is not running"));
				}
				else {
					stopped = true;
					respond(exchange, 200, JSON.createObjectNode().put("id", AGENT_ID).toString());
				}
			}
			else if (request.method().equals("GET") && path.equals("/v0/me")) {
				respond(exchange, 200, "{\"apiKeyName\":\"ci\",\"createdAt\":\"2026-01-01T00:00:00Z\","
						+ "\"userEmail\":\"dev@example.com\"}");
			}
			else {
				respond(exchange, 404, error("Not Found", "no route " + path));
			}
		}
	}

	private String agent(String status) {
		JsonNode launch = launched;
		ObjectNode agent = JSON.createObjectNode()
			.put("id", AGENT_ID)
			.put("name", "Implement stage")
			.put("status", status)
			.put("createdAt", "2026-01-01T00:00:00Z")
			.put("someFutureField", 42);
		if (!summary.isEmpty() && status.equals("FINISHED")) {
			agent.put("summary", summary);
		}
		agent.putObject("source")
			.put("repository", launch.path("source").path("repository").asString())
			.put("ref", launch.path("source").path("ref").asString());
		agent.putObject("target")
			.put("branchName", launch.path("target").path("branchName").asString())
			.put("url", "https://cursor.com/agents?id=" + AGENT_ID)
			.put("autoCreatePr", false)
			.put("openAsCursorGithubApp", false)
			.put("skipReviewerRequest", false);
		return agent.toString();
	}

	private static String error(String title, String message) {
		return JSON.createObjectNode().put("error", title).put("message", message).toString();
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		server.stop(0);
		((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
	}

}
