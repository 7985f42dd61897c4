package io.quantapilot.forge.github;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quantapilot.forge.webhooks.WebhookSignature;
import io.quantapilot.identity.ApiKeyService;
import io.quantapilot.identity.UserRole;
import io.quantapilot.identity.UserService;
import io.quantapilot.support.Api;
import io.quantapilot.support.ApplicationIntegrationTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Watched GitHub repositories start projects: the API that registers them (validated, for admins and
 * operators), a README.md pushed to the default branch (once per head commit, not while a project from
 * the repository is still going), and an issue labelled for QuantaPilot (once per issue), whose project's
 * id and end are posted back as comments and which is closed when the project completes. Deliveries are
 * GitHub's real payloads, signed with the webhook secret, against the stand-in of GitHub.
 */
class GitHubProjectRequestsIntegrationTests extends ApplicationIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String README = "# Word Tally\n\nA small Python command-line tool that counts words in text files.\n\n"
			+ "## Features\n\n- count the words of a file\n- list the most frequent words\n";

	@TempDir
	static Path temp;

	static GitHubStandIn github;

	@Autowired
	UserService users;

	@Autowired
	ApiKeyService keys;

	@Autowired
	JdbcClient jdbc;

	@BeforeAll
	static void startGitHub() {
		github = new GitHubStandIn(temp.resolve("github"), GITHUB_PORT);
	}

	@AfterAll
	static void stopGitHub() {
		github.close();
	}

	@Test
	void watchedRepositoriesAreValidatedAndManagedByAdminsAndOperatorsOnly() {
		github.createRepository("octo", "watched-api");
		String url = github.baseUrl() + "/octo/watched-api";

		for (Object bad : new Object[] { "file:///etc/passwd", "https://github.com/octo/watched-api",
				"http://169.254.169.254/latest/meta-data", github.baseUrl() + "/octo/no-such-repo", "", "not a url" }) {
			Api.Response refused = api().post("/api/v1/forge/watched-repositories", Map.of("repository_url", bad));
			assertThat(refused.status()).as(bad + ": " + refused.body()).isEqualTo(400);
			assertThat(refused.json().path("error").path("details").path("field").asString()).isEqualTo("repository_url");
		}
		assertThat(api().post("/api/v1/forge/watched-repositories", Map.of()).status()).isEqualTo(400);

		Api.Response created = api().post("/api/v1/forge/watched-repositories", Map.of("repository_url", url + ".git"));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().path("watched_repository_id").asString();
		assertThat(created.json().path("repository_url").asString()).isEqualTo(url);
		Api.Response again = api().post("/api/v1/forge/watched-repositories",
				Map.of("repository_url", github.baseUrl() + "/OCTO/watched-api"));
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().path("watched_repository_id").asString()).isEqualTo(id);
		assertThat(api().get("/api/v1/forge/watched-repositories").json().path("watched_repositories").toString())
			.contains(id);

		Api viewer = api().withKey(key(UserRole.VIEWER));
		assertThat(viewer.post("/api/v1/forge/watched-repositories", Map.of("repository_url", url)).status())
			.isEqualTo(403);
		assertThat(viewer.get("/api/v1/forge/watched-repositories").status()).isEqualTo(403);
		assertThat(viewer.delete("/api/v1/forge/watched-repositories/" + id).status()).isEqualTo(403);
		Api operator = api().withKey(key(UserRole.OPERATOR));
		assertThat(operator.delete("/api/v1/forge/watched-repositories/" + id).status()).isEqualTo(204);
		assertThat(api().delete("/api/v1/forge/watched-repositories/" + id).status()).isEqualTo(404);
		assertThat(api().get("/api/v1/forge/watched-repositories").json().path("watched_repositories").toString())
			.doesNotContain(id);
	}

	@Test
	void aReadmePushedToAWatchedRepositoryStartsOneProjectAndNoneWhileOneIsGoing() throws Exception {
		github.createRepository("octo", "readme-app");
		String repository = "octo/readme-app";
		String first = github.commitOnBranch(repository, "main", "README.md", README);
		watch(repository);

		// Not the default branch, or README.md untouched: nothing asked.
		assertThat(deliver("push", push(repository, "refs/heads/topic", first, "README.md")).path("status").asString())
			.isEqualTo("ignored");
		assertThat(deliver("push", push(repository, "refs/heads/main", first, "src/tally.py")).path("detail").asString())
			.isEqualTo("README.md unchanged");

		byte[] body = JSON.writeValueAsBytes(push(repository, "refs/heads/main", first, "README.md"));
		String delivery = UUID.randomUUID().toString();
		JsonNode accepted = deliver("push", delivery, body);
		assertThat(accepted.path("status").asString()).isEqualTo("project_requested");
		String requestId = accepted.path("detail").asString();
		// The same delivery again, and the same head under a new delivery id: no second request.
		assertThat(deliver("push", delivery, body).path("status").asString()).isEqualTo("duplicate");
		assertThat(deliver("push", UUID.randomUUID().toString(), body).path("status").asString())
			.isEqualTo("duplicate_request");

		JsonNode request = awaitRequest(requestId, r -> !"pending".equals(r.path("status").asString()));
		assertThat(request.path("status").asString()).as(request.toString()).isEqualTo("started");
		String projectId = request.path("project_id").asString();
		// The project builds on the watched repository, whose README it read at intake.
		awaitPendingDecision(projectId, "plan_approval", Duration.ofSeconds(90));
		JsonNode project = api().get("/api/v1/projects/" + projectId).json();
		assertThat(project.path("name").asString()).isEqualTo("readme-app");
		assertThat(project.path("artifacts").path("repository_url").asString()).isEqualTo(github.cloneUrl(repository));

		// README changes again while that project waits for approval: recorded, and nothing started.
		String second = github.commitOnBranch(repository, "main", "README.md", README + "- ignore case\n");
		JsonNode skipped = awaitRequest(
				deliver("push", push(repository, "refs/heads/main", second, "README.md")).path("detail").asString(),
				r -> !"pending".equals(r.path("status").asString()));
		assertThat(skipped.path("status").asString()).isEqualTo("skipped");
		assertThat(skipped.path("reason").asString()).contains(projectId, "awaiting_approval", second);
		assertThat(skipped.path("project_id").isNull()).isTrue();

		// Once that project is cancelled, the next README push starts a new one.
		assertThat(api().delete("/api/v1/projects/" + projectId).status()).isEqualTo(204);
		String third = github.commitOnBranch(repository, "main", "README.md", README + "- count lines\n");
		JsonNode restarted = awaitRequest(
				deliver("push", push(repository, "refs/heads/main", third, "README.md")).path("detail").asString(),
				r -> !"pending".equals(r.path("status").asString()));
		assertThat(restarted.path("status").asString()).isEqualTo("started");
		assertThat(restarted.path("project_id").asString()).isNotEqualTo(projectId);
		api().delete("/api/v1/projects/" + restarted.path("project_id").asString());
	}

	@Test
	void anIssueLabelledForQuantaPilotBecomesOneProjectThatReportsBackAndClosesTheIssue() throws Exception {
		github.createRepository("octo", "issue-app");
		String repository = "octo/issue-app";
		watch(repository);
		ObjectNode issue = github.openIssue(repository, "Word Tally", README);
		int number = issue.path("number").asInt();

		// Opened without the label, or labelled otherwise: nothing asked.
		assertThat(deliver("issues", issueEvent("opened", repository, issue, null)).path("status").asString())
			.isEqualTo("ignored");
		assertThat(deliver("issues", issueEvent("labeled", repository, issue, "bug")).path("status").asString())
			.isEqualTo("ignored");

		JsonNode accepted = deliver("issues", issueEvent("labeled", repository, issue, "quantapilot"));
		assertThat(accepted.path("status").asString()).isEqualTo("project_requested");
		// A second label event for the same issue starts nothing more.
		assertThat(deliver("issues", issueEvent("labeled", repository, issue, "quantapilot")).path("status").asString())
			.isEqualTo("duplicate_request");
		JsonNode request = awaitRequest(accepted.path("detail").asString(),
				r -> !"pending".equals(r.path("status").asString()));
		assertThat(request.path("status").asString()).as(request.toString()).isEqualTo("started");
		String projectId = request.path("project_id").asString();
		assertThat(api().get("/api/v1/projects/" + projectId).json().path("name").asString()).isEqualTo("Word Tally");

		// The project's id is posted back to the issue, once.
		Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
			.until(() -> github.comments(repository, number).size() == 1);
		assertThat(github.comments(repository, number).get(0).path("body").asString()).contains(projectId, "Word Tally");
		// As if the reporter died after posting and before recording it: it looks again, finds its marker, posts nothing.
		UUID requestId = UUID.fromString(request.path("request_id").asString());
		Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
			.until(() -> "started".equals(reportedStatus(requestId)));
		long listed = github.count("GET", ".*/issues/" + number + "/comments");
		assertThat(jdbc.sql("UPDATE github_project_requests SET reported_status = NULL WHERE id = :id")
			.param("id", requestId)
			.update()).isEqualTo(1);
		Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
			.until(() -> "started".equals(reportedStatus(requestId)));
		assertThat(github.count("GET", ".*/issues/" + number + "/comments")).isGreaterThan(listed);
		assertThat(github.comments(repository, number)).hasSize(1);

		JsonNode decision = awaitPendingDecision(projectId, "plan_approval", Duration.ofSeconds(90));
		api().post("/api/v1/hitl/decisions/" + decision.path("decision_id").asString(), Map.of("decision", "approve"));
		awaitStatus(projectId, "completed", Duration.ofMinutes(5));

		// Completion is posted and the issue closed as completed.
		Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
			.until(() -> "closed".equals(github.issues(repository).get(0).path("state").asString()));
		List<ObjectNode> comments = github.comments(repository, number);
		assertThat(comments).hasSize(2);
		assertThat(comments.get(1).path("body").asString()).contains(projectId, "completed");
		assertThat(github.issues(repository).get(0).path("state_reason").asString()).isEqualTo("completed");
		assertThat(api().get("/api/v1/forge/project-requests").json().path("project_requests").toString())
			.contains("\"project_outcome\":\"completed\"");

		// An issue without a body cannot become a project: the reason is recorded and posted, the issue stays open.
		ObjectNode empty = github.openIssue(repository, "Something", null, "quantapilot");
		JsonNode rejected = awaitRequest(
				deliver("issues", issueEvent("opened", repository, empty, null)).path("detail").asString(),
				r -> !"pending".equals(r.path("status").asString()));
		assertThat(rejected.path("status").asString()).isEqualTo("rejected");
		assertThat(rejected.path("reason").asString()).contains("readme");
		int emptyNumber = empty.path("number").asInt();
		Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
			.until(() -> github.comments(repository, emptyNumber).size() == 1);
		assertThat(github.comments(repository, emptyNumber).get(0).path("body").asString())
			.contains("could not start a project");
		assertThat(github.issues(repository).get(1).path("state").asString()).isEqualTo("open");
	}

	private void watch(String repository) {
		Api.Response response = api().post("/api/v1/forge/watched-repositories",
				Map.of("repository_url", github.baseUrl() + "/" + repository));
		assertThat(response.status()).as(response.body()).isEqualTo(201);
	}

	/** GitHub's recorded push of README.md, moved to this repository, ref, head and file. */
	private ObjectNode push(String repository, String ref, String head, String file) throws Exception {
		ObjectNode payload = (ObjectNode) JSON.readTree(Files.readString(
				GitHubStandIn.FIXTURES.resolve("github-webhooks/push/event.5.json")));
		payload.put("ref", ref);
		payload.put("after", head);
		payload.set("repository", github.repositoryJson(github.repoState(repository)));
		ObjectNode commit = (ObjectNode) payload.path("head_commit");
		commit.put("id", head);
		commit.set("added", JSON.createArrayNode());
		commit.set("modified", JSON.createArrayNode().add(file));
		payload.set("commits", JSON.createArrayNode().add(commit.deepCopy()));
		return payload;
	}

	/** GitHub's recorded issues event with this repository's issue, and the label just added (if any). */
	private ObjectNode issueEvent(String action, String repository, ObjectNode issue, String label) throws Exception {
		ObjectNode payload = (ObjectNode) JSON.readTree(Files.readString(
				GitHubStandIn.FIXTURES.resolve("github-webhooks/issues/" + action + ".json")));
		ObjectNode copy = issue.deepCopy();
		if (label != null) {
			copy.withArray("labels").add(github.label(repository, label));
			payload.set("label", github.label(repository, label));
		}
		payload.set("issue", copy);
		payload.set("repository", github.repositoryJson(github.repoState(repository)));
		return payload;
	}

	private JsonNode deliver(String event, ObjectNode payload) {
		return deliver(event, UUID.randomUUID().toString(), JSON.writeValueAsBytes(payload));
	}

	/** A delivery signed as GitHub signs it (HMAC-SHA256 of the raw body with the webhook secret); its answer. */
	private JsonNode deliver(String event, String delivery, byte[] body) {
		Api.Response response = new Api("http://localhost:" + port, null).send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + port + "/webhooks/github"))
			.header("Content-Type", "application/json")
			.header("User-Agent", "GitHub-Hookshot/test")
			.header("X-GitHub-Event", event)
			.header("X-GitHub-Delivery", delivery)
			.header("X-Hub-Signature-256", WebhookSignature.sign(WEBHOOK_SECRET, body))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private JsonNode awaitRequest(String requestId, java.util.function.Predicate<JsonNode> condition) {
		JsonNode[] found = new JsonNode[1];
		Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
			for (JsonNode r : api().get("/api/v1/forge/project-requests?limit=500").json().path("project_requests")) {
				if (requestId.equals(r.path("request_id").asString()) && condition.test(r)) {
					found[0] = r;
					return true;
				}
			}
			return false;
		});
		return found[0];
	}

	private String reportedStatus(UUID requestId) {
		return jdbc.sql("SELECT coalesce(reported_status, '') FROM github_project_requests WHERE id = :id")
			.param("id", requestId)
			.query(String.class)
			.single();
	}

	private String key(UserRole role) {
		String name = role.wireName() + "-" + UUID.randomUUID().toString().substring(0, 8);
		UUID user = users.create(name, "a-long-password-" + name, role, "test");
		return keys.create(name, user, null, "test").secret();
	}

}
