package io.quantapilot.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the whole-application tests: the real application on a random port with its embedded PostgreSQL
 * in a temporary data directory, shared by every subclass (one Spring context, one database per test JVM).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ApplicationIntegrationTest {

	public static final String ADMIN_KEY = "qp_integration_tests_admin_key_0123456789";

	/** Secret of the GitHub webhooks the tests deliver. */
	public static final String WEBHOOK_SECRET = "it's a secret to the integration tests";

	/** Where tests that use the GitHub forge start their stand-in of GitHub (the application is configured for it). */
	public static final int GITHUB_PORT = QuantaPilotProcess.freePort();

	static final Path DATA_DIR;

	static {
		try {
			DATA_DIR = Files.createTempDirectory("qp-it-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Value("${local.server.port}")
	protected int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("quantapilot.data-dir", DATA_DIR::toString);
		registry.add("quantapilot.logs-dir", () -> DATA_DIR.resolve("logs").toString());
		registry.add("quantapilot.identity.admin-api-key", () -> ADMIN_KEY);
		registry.add("quantapilot.workflow.poll-interval", () -> "100ms");
		registry.add("quantapilot.identity.rate-limit-per-minute", () -> "100000");
		// A per-type timeout policy (DecisionTimeoutPolicyIntegrationTests); other types keep escalating.
		registry.add("quantapilot.workflow.decisions.quality-override.on-timeout", () -> "fail");
		// Projects choose the GitHub forge with configuration.forge; the default stays local.
		registry.add("quantapilot.forge.github.api-url", () -> "http://127.0.0.1:" + GITHUB_PORT + "/api/v3");
		registry.add("quantapilot.forge.github.token", () -> "ghp_standInToken0123456789");
		registry.add("quantapilot.forge.github.webhook-secret", () -> WEBHOOK_SECRET);
		// Long enough that a stage moving on quickly proves a webhook woke it, not the poll.
		registry.add("quantapilot.forge.github.poll-interval", () -> "10s");
		registry.add("quantapilot.forge.github.checks-grace", () -> "3s");
	}

	protected Api api() {
		return new Api("http://localhost:" + port, ADMIN_KEY);
	}

	protected Path dataDir() {
		return DATA_DIR;
	}

	/** Waits until the project's JSON satisfies the condition and returns it. */
	protected JsonNode awaitProject(String projectId, Predicate<JsonNode> condition, Duration timeout) {
		JsonNode[] last = new JsonNode[1];
		Awaitility.await()
			.atMost(timeout)
			.pollInterval(Duration.ofMillis(200))
			.alias("project " + projectId)
			.until(() -> {
				last[0] = api().get("/api/v1/projects/" + projectId).json();
				return condition.test(last[0]);
			});
		return last[0];
	}

	protected JsonNode awaitStatus(String projectId, String status, Duration timeout) {
		return awaitProject(projectId, p -> status.equals(p.path("status").asString()), timeout);
	}

	/** Waits for the project's pending decision of a type and returns it. */
	protected JsonNode awaitPendingDecision(String projectId, String type, Duration timeout) {
		JsonNode[] found = new JsonNode[1];
		Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
			for (JsonNode d : api().get("/api/v1/hitl/decisions?status=pending&project_id=" + projectId)
				.json()
				.path("decisions")) {
				if (type.equals(d.path("type").asString())) {
					found[0] = d;
					return true;
				}
			}
			return false;
		});
		return found[0];
	}

	protected String createProject(String readme) {
		Api.Response response = api().post("/api/v1/projects", Api.readmeBody(readme));
		if (response.status() != 201) {
			throw new AssertionError("project not created: " + response.status() + " " + response.body());
		}
		return response.json().path("project_id").asString();
	}

}
