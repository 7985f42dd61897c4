package io.quantapilot.agents.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

import io.quantapilot.support.Api;
import io.quantapilot.support.ApplicationIntegrationTest;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The pattern of {@link ApplicationIntegrationTest} for whole-application tests that need configuration of their
 * own (an agent binary's path): they get a second application context, and a second context needs a data
 * directory of its own, because one process owns a data directory. Subclasses add their settings with another
 * {@link DynamicPropertySource}. The context is closed after each test class: kept in the test context cache it
 * would go on polling its database beside the shared context for the rest of the suite.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
abstract class OwnContextApplicationTest {

	static final Path DATA_DIR;

	static {
		try {
			DATA_DIR = Files.createTempDirectory("qp-it-own-");
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
		registry.add("quantapilot.identity.admin-api-key", () -> ApplicationIntegrationTest.ADMIN_KEY);
		registry.add("quantapilot.workflow.poll-interval", () -> "100ms");
		registry.add("quantapilot.identity.rate-limit-per-minute", () -> "100000");
	}

	protected Api api() {
		return new Api("http://localhost:" + port, ApplicationIntegrationTest.ADMIN_KEY);
	}

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
