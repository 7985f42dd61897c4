package io.quantapilot.agents.cursorcloud;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.quantapilot.agents.AgentRole;
import io.quantapilot.agents.RecordingEvents;
import io.quantapilot.agents.http.CircuitBreakerSettings;
import io.quantapilot.agents.spi.ProviderCheck;
import io.quantapilot.agents.http.RetrySettings;
import io.quantapilot.agents.spi.AgentOutcome;
import io.quantapilot.agents.spi.AgentTask;
import io.quantapilot.common.QuantaPilotException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code cursor-cloud} provider against a stand-in that speaks the Cloud Agents API v0. */
class CursorCloudProviderIntegrationTests {

	private static final String KEY = "key_cursor_test";

	private static final String SECRET = "0123456789abcdef0123456789abcdef-secret";

	@TempDir
	Path workspace;

	private CursorCloudStandIn standIn;

	private final CloudAgentSignals signals = new CloudAgentSignals();

	private final RecordingEvents events = new RecordingEvents();

	private final UUID projectId = UUID.fromString("0f1e2d3c-0000-4000-8000-000000000001");

	@BeforeEach
	void start() throws Exception {
		standIn = new CursorCloudStandIn(KEY);
	}

	@AfterEach
	void stop() {
		standIn.close();
	}

	@Test
	void launchesOnTheRepositoryPollsUntilFinishedAndLogsTheConversation() throws Exception {
		standIn.statuses("CREATING", "RUNNING", "RUNNING", "FINISHED")
			.conversation(new String[] { "user_message", "Implement stage 2" },
					new String[] { "assistant_message", "Reading the plan." },
					new String[] { "assistant_message", "Added the store and its tests; all tests pass." })
			.summary("Implemented the note store with tests");

		AgentOutcome outcome = provider(settings(Duration.ofMillis(20), null, null), null).run(task(), events);

		JsonNode launch = standIn.requests("POST", "/v0/agents").get(0).body();
		assertThat(launch.path("prompt").path("text").asString()).contains("developer", "stage 2", "# Notes");
		assertThat(launch.path("source").path("repository").asString()).isEqualTo("https://github.com/acme/notes");
		assertThat(launch.path("source").path("ref").asString()).isEqualTo("main");
		assertThat(launch.path("target").path("branchName").asString()).isEqualTo("quantapilot/0f1e2d3c/stage-2-developer");
		assertThat(launch.path("target").path("autoCreatePr").asBoolean()).isFalse();
		assertThat(launch.path("model").asString()).isEqualTo("claude-4-sonnet");
		assertThat(launch.has("webhook")).isFalse();
		assertThat(standIn.requests()).allSatisfy(r -> assertThat(r.authorization())
			.isEqualTo("Basic " + Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8))));

		assertThat(outcome.summary()).isEqualTo("Implemented the note store with tests");
		// The cloud agent's id is the run's session: it finds the agent and its conversation in Cursor.
		assertThat(outcome.sessionId()).isEqualTo(CursorCloudStandIn.AGENT_ID);
		assertThat(outcome.reportedCostUsd()).isNull();
		assertThat(outcome.model()).isEqualTo("claude-4-sonnet");
		assertThat(outcome.estimated()).isTrue();
		assertThat(outcome.inputTokens()).isPositive();
		assertThat(outcome.outputTokens()).isEqualTo(("Reading the plan.".length() + 3) / 4
				+ ("Added the store and its tests; all tests pass.".length() + 3) / 4);
		assertThat(outcome.filesWritten()).isEmpty();
		assertThat(events.messages("status")).containsExactly("CREATING", "RUNNING", "FINISHED");
		assertThat(events.messages("user")).containsExactly("Implement stage 2");
		assertThat(events.messages("assistant")).containsExactly("Reading the plan.",
				"Added the store and its tests; all tests pass.");
		assertThat(events.messages("system").get(0)).contains("launched agent bc_test-0001",
				"https://github.com/acme/notes", "cursor.com/agents?id=bc_test-0001");
		assertThat(events.messages("system").get(1)).contains("finished", "quantapilot/0f1e2d3c/stage-2-developer");
		assertThat(events.usages()).allSatisfy(u -> assertThat(u.estimated()).isTrue());
		assertThat(standIn.requests("POST", "/v0/agents/" + CursorCloudStandIn.AGENT_ID + "/stop")).isEmpty();
	}

	@Test
	void switchesToBearerWhenBasicIsRefused() throws Exception {
		standIn.bearerOnly().statuses("FINISHED");

		AgentOutcome outcome = provider(settings(Duration.ofMillis(20), null, null), null).run(task(), events);

		assertThat(outcome.summary()).isEqualTo("the agent finished without a summary");
		assertThat(standIn.requests().get(0).authorization()).startsWith("Basic ");
		assertThat(standIn.requests().get(1).authorization()).isEqualTo("Bearer " + KEY);
		assertThat(standIn.requests().get(standIn.requests().size() - 1).authorization()).isEqualTo("Bearer " + KEY);
	}

	@Test
	void anAgentThatEndsInErrorFailsTheRunWithItsSummary() {
		standIn.statuses("RUNNING", "ERROR").summary("could not install dependencies");

		assertThatThrownBy(() -> provider(settings(Duration.ofMillis(20), null, null), null).run(task(), events))
			.isInstanceOf(QuantaPilotException.TransientFailure.class)
			.hasMessage("cursor-cloud: agent bc_test-0001 ended ERROR");
		assertThat(events.messages("status")).containsExactly("CREATING", "RUNNING", "ERROR");
	}

	@Test
	void anInterruptStopsTheAgent() throws Exception {
		standIn.statuses("RUNNING");
		CursorCloudAgentProvider provider = provider(settings(Duration.ofMillis(50), null, null), null);
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			Future<AgentOutcome> run = executor.submit(() -> provider.run(task(), events));
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> standIn.polls() >= 2);
			run.cancel(true);
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> !standIn.requests("POST", "/v0/agents/" + CursorCloudStandIn.AGENT_ID + "/stop").isEmpty());
			assertThatThrownBy(run::get).isInstanceOf(java.util.concurrent.CancellationException.class);
		}
		finally {
			executor.shutdownNow();
			assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> events.messages("system").size() >= 2);
		assertThat(events.messages("system").get(1)).contains("stopped agent bc_test-0001", "cancelled");
	}

	@Test
	void theWebhookWakesThePollerLongBeforeTheNextPoll() throws Exception {
		standIn.statuses("FINISHED");
		CursorCloudAgentProvider provider = provider(settings(Duration.ofMinutes(5), SECRET, null),
				"https://qp.example.com/");
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			long start = System.nanoTime();
			Future<AgentOutcome> run = executor.submit(() -> provider.run(task(), events));
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> signals.signal(CursorCloudStandIn.AGENT_ID));
			assertThat(run.get(10, TimeUnit.SECONDS).summary()).isNotBlank();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
		}
		finally {
			executor.shutdownNow();
		}
		JsonNode webhook = standIn.requests("POST", "/v0/agents").get(0).body().path("webhook");
		assertThat(webhook.path("url").asString()).isEqualTo("https://qp.example.com/webhooks/cursor");
		assertThat(webhook.path("secret").asString()).isEqualTo(SECRET);
		assertThat(events.messages("status")).contains("FINISHED (webhook)");
	}

	@Test
	void configurationProblemsAreReportedBeforeAnythingIsLaunched() throws Exception {
		CursorCloudAgentProvider noKey = new CursorCloudAgentProvider(new CursorCloudSettings(standIn.baseUrl(), "", null,
				Duration.ofSeconds(1), Duration.ofSeconds(1), null, null, "https://github.com/acme/notes", "main",
				"quantapilot/", false, Duration.ofSeconds(5), RetrySettings.defaults(), CircuitBreakerSettings.defaults()),
				signals, "");
		assertThat(noKey.check().ok()).isFalse();
		assertThat(noKey.check().message()).contains("quantapilot.agents.cursor-cloud.api-key");
		assertThatThrownBy(() -> noKey.run(task(), events)).isInstanceOf(QuantaPilotException.InvalidRequest.class);

		CursorCloudAgentProvider notGitHub = provider(settings(Duration.ofSeconds(1), null,
				"https://gitlab.com/acme/notes"), null);
		assertThat(notGitHub.check().message()).contains("GitHub https URL");
		assertThatThrownBy(() -> notGitHub.run(task(), events)).isInstanceOf(QuantaPilotException.InvalidRequest.class)
			.hasMessageContaining("https://github.com/owner/name");

		CursorCloudAgentProvider shortSecret = provider(settings(Duration.ofSeconds(1), "too-short", null), null);
		assertThat(shortSecret.check().message()).contains("at least 32 characters");
		assertThat(standIn.requests()).isEmpty();

		ProviderCheck works = provider(settings(Duration.ofSeconds(1), null, null), null).check();
		assertThat(works.ok()).as(works.message()).isTrue();
		assertThat(works.message()).contains("'ci'", "dev@example.com", "polling only");
	}

	@Test
	void webhookSignaturesAreCheckedOverTheRawBody() {
		byte[] body = "{\"event\":\"statusChange\",\"id\":\"bc_1\",\"status\":\"FINISHED\"}".getBytes(StandardCharsets.UTF_8);
		String signature = WebhookSignature.sign(SECRET, body);

		assertThat(signature).matches("sha256=[0-9a-f]{64}");
		assertThat(WebhookSignature.verify(SECRET, body, signature)).isTrue();
		assertThat(WebhookSignature.verify(SECRET, body, signature.toUpperCase().replace("SHA256=", "sha256="))).isTrue();
		assertThat(WebhookSignature.verify(SECRET, body, null)).isFalse();
		assertThat(WebhookSignature.verify(SECRET, body, signature.substring(7))).isFalse();
		assertThat(WebhookSignature.verify("another-secret-another-secret-xx", body, signature)).isFalse();
		assertThat(WebhookSignature.verify(SECRET, "{\"id\":\"bc_1\",\"status\":\"FINISHED\"} ".getBytes(StandardCharsets.UTF_8),
				signature)).isFalse();
	}

	private AgentTask task() {
		return new AgentTask(projectId, 2, AgentRole.DEVELOPER, workspace, "# Notes\n\nA notes app.", "", "", "", null,
				Duration.ofMinutes(1));
	}

	private CursorCloudSettings settings(Duration pollInterval, String secret, String repository) {
		return new CursorCloudSettings(standIn.baseUrl(), KEY, "claude-4-sonnet", pollInterval, pollInterval.multipliedBy(2),
				secret, null, repository != null ? repository : "https://github.com/acme/notes.git", "main", "quantapilot/",
				false, Duration.ofSeconds(5),
				new RetrySettings(2, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1)),
				CircuitBreakerSettings.defaults());
	}

	private CursorCloudAgentProvider provider(CursorCloudSettings settings, String publicUrl) {
		return new CursorCloudAgentProvider(settings, signals, publicUrl);
	}

}
