package io.quantapilot.ops.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code quantapilot health}: {@code GET /health} of one server or of every role's URL. */
@Command(name = "health", mixinStandardHelpOptions = true,
		description = { "Check GET /health of the server, or of every URL given (one per role in split mode).",
				"Exit code 0 when every one answers healthy or degraded, 1 otherwise (or when --wait times out)." })
final class HealthCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Option(names = "--url", split = ",",
			description = "Server or role URL; repeat or separate with commas (default: QP_URL or http://localhost:3000).")
	List<String> urls;

	@Option(names = "--wait", description = "Poll until every URL is healthy or --timeout passes.")
	boolean waitForHealthy;

	@Option(names = "--timeout", defaultValue = "2m",
			description = "How long --wait polls (default: ${DEFAULT-VALUE}; 90s, 5m, PT2M).")
	String timeout;

	@Option(names = "--quiet", description = "Print nothing on success.")
	boolean quiet;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	record Result(String url, boolean healthy, String summary) {
	}

	@Override
	public Integer call() {
		Duration limit = Durations.parse("--timeout", timeout);
		List<String> targets = targets();
		PrintWriter out = spec.commandLine().getOut();
		Instant deadline = Instant.now().plus(limit);
		List<Result> results;
		while (true) {
			results = targets.stream().map(this::check).toList();
			boolean healthy = results.stream().allMatch(Result::healthy);
			if (healthy || !waitForHealthy || Instant.now().isAfter(deadline)) {
				break;
			}
			try {
				Thread.sleep(1000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new CliException("interrupted");
			}
		}
		for (Result result : results) {
			if (!quiet || !result.healthy()) {
				out.println((result.healthy() ? "OK    " : "FAIL  ") + result.url() + "  " + result.summary());
			}
		}
		List<String> failed = results.stream().filter(r -> !r.healthy()).map(Result::url).toList();
		if (failed.isEmpty()) {
			return 0;
		}
		spec.commandLine().getErr().println("quantapilot: unhealthy: " + String.join(", ", failed)
				+ (waitForHealthy ? " (waited " + limit.toSeconds() + "s)" : ""));
		return 1;
	}

	private List<String> targets() {
		List<String> list = new ArrayList<>();
		if (urls != null) {
			urls.stream().map(String::strip).filter(u -> !u.isEmpty()).forEach(list::add);
		}
		if (list.isEmpty()) {
			String env = System.getenv("QP_URL");
			list.add(env == null || env.isBlank() ? "http://localhost:3000" : env);
		}
		for (String url : list) {
			if (!url.matches("https?://[^\\s]+")) {
				throw new CliException("--url must be an http(s) URL: " + url);
			}
		}
		return list.stream().map(u -> u.replaceAll("/+$", "")).toList();
	}

	private Result check(String url) {
		try {
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/health"))
				.timeout(Duration.ofSeconds(10))
				.header("Accept", "application/json")
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
			JsonNode body;
			try {
				body = json.readTree(response.body());
			}
			catch (RuntimeException ex) {
				return new Result(url, false, "HTTP " + response.statusCode() + ", not a QuantaPilot health answer");
			}
			String status = body.path("status").asString("unknown");
			List<String> bad = new ArrayList<>();
			for (Map.Entry<String, JsonNode> component : body.path("components").properties()) {
				String componentStatus = component.getValue().path("status").asString("");
				if (!"healthy".equals(componentStatus)) {
					bad.add(component.getKey() + "=" + componentStatus);
				}
			}
			String roles = body.path("roles").isArray() ? String.join(",", body.path("roles").valueStream()
				.map(JsonNode::asString)
				.toList()) : "";
			boolean healthy = response.statusCode() == 200 && ("healthy".equals(status) || "degraded".equals(status));
			return new Result(url, healthy, status + (roles.isEmpty() ? "" : " roles=" + roles)
					+ (bad.isEmpty() ? "" : " " + String.join(" ", bad)));
		}
		catch (IOException ex) {
			return new Result(url, false, "unreachable (" + ex.getClass().getSimpleName()
					+ (ex.getMessage() != null ? ": " + ex.getMessage() : "") + ")");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CliException("interrupted");
		}
		catch (IllegalArgumentException ex) {
			throw new CliException("bad URL " + url + ": " + ex.getMessage());
		}
	}

}
