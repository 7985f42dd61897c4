package io.quantapilot.agents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.quantapilot.agents.openai.ChatCompletionsStandIn;
import io.quantapilot.support.Api;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of whole-application tests of the HTTP agent providers: the pattern of
 * {@link io.quantapilot.support.ApplicationIntegrationTest}, with the {@code openai} provider pointed at a
 * Chat Completions stand-in and a Cursor webhook secret configured. These settings make it a second Spring
 * context, so it has its own data directory (one process owns a data directory).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class HttpProvidersApplicationTest {

	protected static final String ADMIN_KEY = "qp_http_providers_tests_admin_key_0123456789";

	protected static final String WEBHOOK_SECRET = "cursor-webhook-secret-for-tests-0123456789";

	protected static final ChatCompletionsStandIn CHAT;

	private static final Path DATA_DIR;

	static {
		try {
			DATA_DIR = Files.createTempDirectory("qp-http-it-");
			CHAT = new ChatCompletionsStandIn();
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
		// Per-type timeout policies (DecisionTimeoutPolicyIntegrationTests); agent_failure keeps the default.
		registry.add("quantapilot.workflow.decisions.plan-approval.on-timeout", () -> "approve");
		registry.add("quantapilot.agents.openai.base-url", CHAT::baseUrl);
		registry.add("quantapilot.agents.openai.api-key", () -> "sk-stand-in");
		registry.add("quantapilot.agents.openai.model", () -> "stand-in-model");
		registry.add("quantapilot.agents.cursor-cloud.webhook-secret", () -> WEBHOOK_SECRET);
	}

	protected Api api() {
		return new Api("http://localhost:" + port, ADMIN_KEY);
	}

	protected JsonNode awaitStatus(String projectId, String status, Duration timeout) {
		JsonNode[] last = new JsonNode[1];
		Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).alias("project " + projectId).until(() -> {
			last[0] = api().get("/api/v1/projects/" + projectId).json();
			return status.equals(last[0].path("status").asString());
		});
		return last[0];
	}

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

}
