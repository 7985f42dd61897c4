package io.quantapilot.ops.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code quantapilot smoke}: a short end-to-end check of a running system — health, a small project with the
 * offline provider up to its plan decision, its cancellation, and the metrics endpoint.
 */
@Command(name = "smoke", mixinStandardHelpOptions = true,
		description = { "Smoke-test a running server: /health, create a small project (offline provider), wait "
				+ "for its plan-approval decision, cancel and archive it, check /metrics.",
				"Exit code 0 only when every check passed. Needs an operator or admin API key." })
final class SmokeCommand implements Callable<Integer> {

	/** The built-in project: small, so the offline provider plans it in seconds. */
	static final String README = """
			# Smoke Test Greeter

			A tiny command line program that prints a greeting.

			## Features
			- `greet NAME` prints `Hello, NAME!`

			## Tech stack
			Python 3, unittest.
			""";

	@Mixin
	ServerOptions server;

	@Spec
	CommandSpec spec;

	@Option(names = "--timeout", defaultValue = "3m",
			description = "How long to wait for the plan decision (default: ${DEFAULT-VALUE}).")
	String timeout;

	private int failures;

	@Override
	public Integer call() {
		Duration limit = Durations.parse("--timeout", timeout);
		ApiClient client = server.client();
		PrintWriter out = spec.commandLine().getOut();
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

		String health = text(http, client.baseUrl() + "/health");
		check(out, "health", health != null && (health.contains("\"healthy\"") || health.contains("\"degraded\""))
				&& !health.startsWith("HTTP"), health == null ? "unreachable" : firstChars(health));

		String projectId = null;
		try {
			JsonNode created = client.post("/api/v1/projects", Map.of("name", "smoke-test-" + Instant.now().getEpochSecond(),
					"readme", README, "configuration", Map.of("agent_provider", "offline")));
			projectId = created.path("project_id").asString();
			check(out, "create project", !projectId.isBlank(), projectId);

			JsonNode decision = awaitPlanDecision(client, projectId, limit);
			check(out, "plan decision", decision != null,
					decision != null ? decision.path("decision_id").asString() : "none within " + limit.toSeconds() + "s");
		}
		catch (CliException ex) {
			check(out, "project", false, ex.getMessage());
		}
		finally {
			if (projectId != null && !projectId.isBlank()) {
				try {
					client.delete("/api/v1/projects/" + projectId);
					String status = client.get("/api/v1/projects/" + projectId).path("status").asString();
					check(out, "cancel project", "cancelled".equals(status), status);
				}
				catch (CliException ex) {
					check(out, "cancel project", ex.getMessage().contains("404"), ex.getMessage());
				}
			}
		}

		String metrics = text(http, client.baseUrl() + "/metrics");
		check(out, "metrics", metrics != null && metrics.contains("qp_projects"),
				metrics == null ? "unreachable" : metrics.contains("qp_projects") ? "qp_projects exported" : firstChars(metrics));

		if (failures == 0) {
			out.println("Smoke test passed");
			return 0;
		}
		spec.commandLine().getErr().println("quantapilot: smoke test failed: " + failures + " check(s)");
		return 1;
	}

	private JsonNode awaitPlanDecision(ApiClient client, String projectId, Duration limit) {
		Instant deadline = Instant.now().plus(limit);
		while (Instant.now().isBefore(deadline)) {
			for (JsonNode d : client.get("/api/v1/hitl/decisions?status=pending&project_id=" + projectId).path("decisions")) {
				if ("plan_approval".equals(d.path("type").asString())) {
					return d;
				}
			}
			String status = client.get("/api/v1/projects/" + projectId).path("status").asString();
			if ("failed".equals(status) || "cancelled".equals(status)) {
				return null;
			}
			try {
				Thread.sleep(500);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new CliException("interrupted");
			}
		}
		return null;
	}

	private void check(PrintWriter out, String name, boolean passed, String detail) {
		if (!passed) {
			failures++;
		}
		out.println((passed ? "PASS  " : "FAIL  ") + name + (detail == null || detail.isBlank() ? "" : "  " + detail));
	}

	/** GET without credentials (health and metrics are open); an error status is returned as text. */
	private static String text(HttpClient http, String url) {
		try {
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
				.timeout(Duration.ofSeconds(15))
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200 ? response.body() : "HTTP " + response.statusCode();
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CliException("interrupted");
		}
	}

	private static String firstChars(String text) {
		String line = text.replaceAll("\\s+", " ");
		return line.length() > 120 ? line.substring(0, 120) + "…" : line;
	}

}
