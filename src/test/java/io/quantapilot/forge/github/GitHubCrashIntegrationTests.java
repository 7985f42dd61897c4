package io.quantapilot.forge.github;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quantapilot.support.Api;
import io.quantapilot.support.QuantaPilotProcess;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real crash between "pull request created" and "stage recorded": the server runs as its own process
 * against the stand-in of GitHub served from this JVM; the stand-in creates the first stage's pull request
 * and holds its answer back, so the server is certainly waiting for it when it gets SIGKILL. After a
 * restart on the same data directory the merge step runs again, finds that pull request by its branch
 * instead of creating another, and the project completes with exactly one pull request per stage.
 */
class GitHubCrashIntegrationTests {

	private static final String KEY = "qp_github_crash_tests_admin_key_0123456789";

	private static final String SECRET = "it's a secret to the crash test";

	private static final String README = "# Word Tally\n\nA small Python command-line tool that counts words in text files.\n\n"
			+ "## Features\n\n- count the words of a file\n- list the most frequent words\n";

	@TempDir
	Path tmp;

	private GitHubStandIn github;

	private QuantaPilotProcess server;

	@AfterEach
	void stop() {
		if (server != null && server.isAlive()) {
			server.terminate();
		}
		if (github != null) {
			github.close();
		}
	}

	@Test
	void aServerKilledWhileGitHubCreatesAPullRequestFindsItAfterTheRestart() throws Exception {
		github = new GitHubStandIn(tmp.resolve("github"), QuantaPilotProcess.freePort());
		Path data = tmp.resolve("data");
		int port = QuantaPilotProcess.freePort();
		Map<String, String> settings = new HashMap<>();
		settings.put("QUANTAPILOT_FORGE_GITHUB_APIURL", github.apiUrl());
		settings.put("QUANTAPILOT_FORGE_GITHUB_TOKEN", GitHubStandIn.TOKEN);
		settings.put("QUANTAPILOT_FORGE_GITHUB_WEBHOOKSECRET", SECRET);
		settings.put("QUANTAPILOT_FORGE_GITHUB_CHECKSGRACE", "3s");
		settings.put("QUANTAPILOT_FORGE_GITHUB_POLLINTERVAL", "2s");
		settings.put("QUANTAPILOT_IDENTITY_RATELIMITPERMINUTE", "100000");
		github.webhooks("http://localhost:" + port + "/webhooks/github", SECRET).holdNextPullCreation();
		server = QuantaPilotProcess.server(data, port, KEY, settings);
		Api api = new Api("http://localhost:" + port, KEY);

		Api.Response created = api.post("/api/v1/projects", Map.of("readme", README, "configuration",
				Map.of("forge", "github")));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().path("project_id").asString();
		JsonNode decision = awaitDecision(api, id);
		api.post("/api/v1/hitl/decisions/" + decision.path("decision_id").asString(), Map.of("decision", "approve"));

		// GitHub has created stage 1's pull request and the server waits for the answer: kill it now.
		assertThat(github.awaitHeldCreation(Duration.ofMinutes(4))).as(server.output()).isTrue();
		String repository = github.repositories().iterator().next();
		assertThat(github.pulls(repository)).hasSize(1);
		server.kill();
		assertThat(server.isAlive()).isFalse();
		github.releaseHeldCreation();

		server = QuantaPilotProcess.server(data, port, KEY, settings);
		Awaitility.await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofMillis(500)).until(() -> {
			String status = api.get("/api/v1/projects/" + id).json().path("status").asString();
			assertThat(status).as(server.output()).isNotIn("failed", "cancelled");
			return "completed".equals(status);
		});

		JsonNode stages = api.get("/api/v1/projects/" + id + "/stages").json().path("stages");
		List<ObjectNode> pulls = github.pulls(repository);
		assertThat(pulls).hasSize(stages.size());
		assertThat(github.count("POST", "/repos/" + repository + "/pulls")).isEqualTo(stages.size());
		assertThat(pulls).allSatisfy(pr -> assertThat(pr.path("merged").asBoolean()).isTrue());
		assertThat(pulls.stream().filter(pr -> pr.path("title").asString().startsWith("Stage 1: "))).hasSize(1);
		JsonNode records = api.get("/api/v1/projects/" + id + "/pull-requests").json().path("pull_requests");
		assertThat(records).hasSize(stages.size());
		assertThat(records.get(0).path("number").asInt()).isEqualTo(pulls.get(0).path("number").asInt());
	}

	private static JsonNode awaitDecision(Api api, String id) {
		JsonNode[] decision = new JsonNode[1];
		Awaitility.await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200)).until(() -> {
			for (JsonNode d : api.get("/api/v1/hitl/decisions?status=pending&project_id=" + id).json().path("decisions")) {
				if ("plan_approval".equals(d.path("type").asString())) {
					decision[0] = d;
					return true;
				}
			}
			return false;
		});
		return decision[0];
	}

}
