package io.quantapilot.notifications;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/** An HTTP endpoint that receives outbound webhooks, records them, and answers with a chosen status per path. */
public final class WebhookReceiver {

	private final HttpServer server;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final Map<String, Integer> statuses = new ConcurrentHashMap<>();

	/** One received request (header names lower case) and the status it was answered with. */
	public record Request(String path, Map<String, String> headers, byte[] body, Instant at, int status) {

		public String header(String name) {
			return headers.get(name.toLowerCase(Locale.ROOT));
		}

		public String text() {
			return new String(body, StandardCharsets.UTF_8);
		}

	}

	private WebhookReceiver(HttpServer server) {
		this.server = server;
	}

	public static WebhookReceiver start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			WebhookReceiver receiver = new WebhookReceiver(server);
			server.createContext("/", exchange -> {
				try (exchange) {
					byte[] body;
					try (InputStream in = exchange.getRequestBody()) {
						body = in.readAllBytes();
					}
					Map<String, String> headers = new ConcurrentHashMap<>();
					exchange.getRequestHeaders()
						.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
					String path = exchange.getRequestURI().getPath();
					int status = receiver.statuses.getOrDefault(path, 200);
					receiver.requests.add(new Request(path, headers, body, Instant.now(), status));
					exchange.sendResponseHeaders(status, -1);
				}
			});
			server.setExecutor(Executors.newFixedThreadPool(4, r -> {
				Thread t = new Thread(r, "webhook-receiver");
				t.setDaemon(true);
				return t;
			}));
			server.start();
			return receiver;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String url(String path) {
		return "http://127.0.0.1:" + server.getAddress().getPort() + path;
	}

	/** Answers requests to {@code path} with {@code status} from now on. */
	public void answer(String path, int status) {
		statuses.put(path, status);
	}

	public List<Request> requests(String path) {
		return requests.stream().filter(r -> r.path().equals(path)).toList();
	}

}
