package io.quantapilot.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quantapilot.support.Api;
import io.quantapilot.support.Examples;
import io.quantapilot.support.Git;
import io.quantapilot.support.QuantaPilotProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A split deployment as an operator runs it: a real PostgreSQL server outside the QuantaPilot processes,
 * which are started together as {@code api,engine,forge}, {@code agents} and {@code notifications,dashboard}
 * on one data directory. A project runs through them; the agents process is killed with SIGKILL while it
 * holds a stage's work item, another agents process takes over, and the project completes with every stage
 * done once. Each process serves {@code /health} and {@code /metrics} on its own port, only its roles'
 * endpoints, logs in its roles' directory, and only agents processes ever run work items.
 */
class SplitDeploymentIntegrationTests {

	private static final String KEY = "qp_split_tests_admin_key_0123456789abcdef";

	private static final Pattern WORKER_STEPS = Pattern
		.compile("(?m)^qp_worker_steps_started_total\\{[^}]*} ([0-9.eE+]+)$");

	// Kept when the test fails: the processes' logs are the evidence.
	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path tmp;

	private EmbeddedPostgres postgres;

	private final List<QuantaPilotProcess> processes = new ArrayList<>();

	@AfterEach
	void stopEverything() throws IOException {
		for (QuantaPilotProcess process : processes) {
			if (process.isAlive()) {
				process.kill();
			}
		}
		if (postgres != null) {
			postgres.close();
		}
	}

	@Test
	void rolesInSeparateProcessesCompleteAProjectAcrossAKilledAgentsProcess() throws Exception {
		// The external server: the embedded distribution started as a plain PostgreSQL, durable as DESIGN §4 asks.
		postgres = EmbeddedPostgres.builder()
			.setDataDirectory(tmp.resolve("postgres"))
			.setServerConfig("fsync", "on")
			.setServerConfig("synchronous_commit", "on")
			.setServerConfig("full_page_writes", "on")
			.setServerConfig("max_connections", "200")
			.start();
		Path data = tmp.resolve("data");
		Path logs = tmp.resolve("logs");
		int apiPort = QuantaPilotProcess.freePort();
		int agentsPort = QuantaPilotProcess.freePort();
		int peoplePort = QuantaPilotProcess.freePort();
		Map<String, String> shared = Map.of("QP_DATABASE_URL",
				"jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres", "QP_DATABASE_USER", "postgres",
				"QP_DATABASE_PASSWORD", "", "QP_PUBLIC_URL", "http://localhost:" + apiPort, "QP_LOGS_DIR",
				logs.toString());

		// Started at once: they take turns migrating the empty database and deploying the process.
		QuantaPilotProcess front = started(
				QuantaPilotProcess.startRoles("api,engine,forge", data, apiPort, KEY, shared));
		QuantaPilotProcess agents = started(QuantaPilotProcess.startRoles("agents", data, agentsPort, KEY, shared));
		QuantaPilotProcess people = started(
				QuantaPilotProcess.startRoles("notifications,dashboard", data, peoplePort, KEY, shared));
		front.awaitHealthy(apiPort);
		agents.awaitHealthy(agentsPort);
		people.awaitHealthy(peoplePort);

		assertHealth(apiPort, List.of("api", "forge", "engine"), false, true);
		assertHealth(agentsPort, List.of("agents"), true, false);
		assertHealth(peoplePort, List.of("notifications", "dashboard"), false, false);
		// Each process has only its roles' endpoints.
		assertThat(new Api("http://localhost:" + apiPort, null).get("/signin").status()).isEqualTo(404);
		assertThat(new Api("http://localhost:" + peoplePort, null).get("/signin").status()).isEqualTo(200);
		assertThat(new Api("http://localhost:" + agentsPort, KEY).get("/api/v1/projects").status()).isEqualTo(404);
		assertThat(new Api("http://localhost:" + peoplePort, null).get("/api/v1/projects").status()).isEqualTo(404);
		assertThat(new Api("http://localhost:" + apiPort, null).get("/api/v1/projects").status()).isEqualTo(401);
		assertThat(new Api("http://localhost:" + apiPort, KEY).get("/api/v1/openapi.json").status()).isEqualTo(200);
		assertThat(new Api("http://localhost:" + agentsPort, KEY).get("/api/v1/openapi.json").status()).isEqualTo(404);
		assertThat(new Api("http://localhost:" + peoplePort, null).get("/dashboard/app.css").status()).isEqualTo(200);
		assertThat(new Api("http://localhost:" + apiPort, null).get("/dashboard/app.css").status()).isEqualTo(404);
		assertThat(new Api("http://localhost:" + apiPort, null).sendJson("POST", "/webhooks/github", "{}").status())
			.as("the forge role's webhook is served").isNotEqualTo(404);
		assertThat(new Api("http://localhost:" + agentsPort, null).sendJson("POST", "/webhooks/github", "{}").status())
			.isEqualTo(404);

		Api api = new Api("http://localhost:" + apiPort, KEY);
		String id = api.post("/api/v1/projects", Api.readmeBody(Examples.readme("notes-cli-python")))
			.json()
			.path("project_id")
			.asString();
		JsonNode decision = awaitDecision(api, id);
		assertThat(api.post("/api/v1/hitl/decisions/" + decision.path("decision_id").asString(),
				Map.of("decision", "approve")).status()).isEqualTo(200);

		// In the middle of a stage: the agents process holds the lease of a stage's work item.
		String leaseOwner = awaitLeasedStageWork();
		assertThat(leaseOwner).contains(":" + agents.pid() + ":");
		agents.kill();
		assertThat(query("SELECT count(*) FROM work_items WHERE status = 'running' AND lease_owner = '"
				+ leaseOwner + "'")).as("the killed process's work item is still leased").isEqualTo("1");

		int secondAgentsPort = QuantaPilotProcess.freePort();
		QuantaPilotProcess secondAgents = started(
				QuantaPilotProcess.roles("agents", data, secondAgentsPort, KEY, shared));
		awaitCompleted(api, id);
		assertEachStageDoneOnce(api, "http://localhost:" + apiPort, id, tmp.resolve("clone"));

		// Only agents processes ran work items: the new one took over, the others have no worker pool.
		assertThat(workerSteps(secondAgentsPort)).isGreaterThan(0);
		assertThat(metrics(apiPort)).doesNotContain("qp_worker_steps_started");
		assertThat(metrics(peoplePort)).doesNotContain("qp_worker_steps_started");
		assertHealth(apiPort, List.of("api", "forge", "engine"), false, true);
		assertHealth(peoplePort, List.of("notifications", "dashboard"), false, false);
		assertHealth(secondAgentsPort, List.of("agents"), true, false);

		// Logs per role: <logs>/<roles joined with ->/quantapilot.log; the worker pool logs only under agents.
		assertThat(log(logs, "agents")).contains("io.quantapilot.workflow.internal.WorkerPool");
		assertThat(log(logs, "api-forge-engine")).isNotEmpty().doesNotContain("io.quantapilot.workflow.internal.WorkerPool");
		assertThat(log(logs, "notifications-dashboard")).isNotEmpty()
			.doesNotContain("io.quantapilot.workflow.internal.WorkerPool");
		assertThat(logs.resolve("standalone")).doesNotExist();

		for (QuantaPilotProcess process : List.of(front, people, secondAgents)) {
			assertThat(process.terminate()).as(process.output()).isIn(0, 143);
		}
	}

	private QuantaPilotProcess started(QuantaPilotProcess process) {
		processes.add(process);
		return process;
	}

	private static void assertHealth(int port, List<String> roles, boolean workerPool, boolean asyncExecutor) {
		Api.Response response = new Api("http://localhost:" + port, null).get("/health");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode health = response.json();
		List<String> reported = new ArrayList<>();
		health.path("roles").forEach(r -> reported.add(r.asString()));
		assertThat(reported).containsExactlyElementsOf(roles);
		List<String> services = new ArrayList<>();
		health.path("services").forEach(s -> services.add(s.asString()));
		assertThat(services).contains(workerPool ? "worker_pool" : roles.contains("api") ? "rest_api" : "web_ui")
			.doesNotContainAnyElementsOf(workerPool ? List.of("rest_api", "web_ui") : List.of("worker_pool"));
		JsonNode components = health.path("components");
		assertThat(components.has("worker_pool")).as(response.body()).isEqualTo(workerPool);
		assertThat(components.has("checks_watcher")).as(response.body()).isEqualTo(roles.contains("forge"));
		assertThat(components.has("notification_delivery")).as(response.body())
			.isEqualTo(roles.contains("notifications"));
		assertThat(components.path("engine").path("async_executor_active").asBoolean()).as(response.body())
			.isEqualTo(asyncExecutor);
		assertThat(components.path("database").path("fsync").asString()).isEqualTo("on");
		assertThat(metrics(port)).contains("jvm_memory_used_bytes");
	}

	private static String metrics(int port) {
		Api.Response response = new Api("http://localhost:" + port, null).get("/metrics");
		assertThat(response.status()).isEqualTo(200);
		return response.body();
	}

	private static double workerSteps(int port) {
		Matcher matcher = WORKER_STEPS.matcher(metrics(port));
		double total = 0;
		while (matcher.find()) {
			total += Double.parseDouble(matcher.group(1));
		}
		return total;
	}

	private static String log(Path logs, String name) throws IOException {
		Path file = logs.resolve(name).resolve("quantapilot.log");
		assertThat(file).exists();
		return Files.readString(file);
	}

	private String awaitLeasedStageWork() {
		String[] owner = new String[1];
		Awaitility.await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(20)).until(() -> {
			// verify (the stage's test run) lasts seconds, so the kill lands while the lease is held.
			owner[0] = query("SELECT lease_owner FROM work_items WHERE status = 'running' AND step = 'verify' "
					+ "AND stage_number >= 1 ORDER BY created_at LIMIT 1");
			return owner[0] != null;
		});
		return owner[0];
	}

	private String query(String sql) throws SQLException {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			return result.next() ? result.getString(1) : null;
		}
	}

	private static JsonNode awaitDecision(Api api, String id) {
		JsonNode[] decision = new JsonNode[1];
		Awaitility.await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(200)).until(() -> {
			JsonNode list = api.get("/api/v1/hitl/decisions?status=pending&project_id=" + id).json().path("decisions");
			decision[0] = list.size() > 0 ? list.get(0) : null;
			return decision[0] != null;
		});
		return decision[0];
	}

	private static void awaitCompleted(Api api, String id) {
		Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500)).until(() -> {
			String status = api.get("/api/v1/projects/" + id).json().path("status").asString();
			assertThat(status).isNotIn("failed", "cancelled");
			return "completed".equals(status);
		});
	}

	/** Exactly one developer and one QA run, one pull request and one merge per stage, and one release tag. */
	private static void assertEachStageDoneOnce(Api api, String publicUrl, String id, Path clone) {
		JsonNode project = api.get("/api/v1/projects/" + id).json();
		JsonNode stages = api.get("/api/v1/projects/" + id + "/stages").json().path("stages");
		JsonNode pullRequests = api.get("/api/v1/projects/" + id + "/pull-requests").json().path("pull_requests");
		assertThat(stages.size()).isGreaterThan(0);
		assertThat(pullRequests.size()).isEqualTo(stages.size());
		JsonNode runs = api.get("/api/v1/projects/" + id + "/agent-runs").json().path("agent_runs");
		for (JsonNode stage : stages) {
			int number = stage.path("number").asInt();
			assertThat(stage.path("status").asString()).isEqualTo("completed");
			long developer = 0;
			long qa = 0;
			for (JsonNode run : runs) {
				if (run.path("stage").asInt(-1) == number && "succeeded".equals(run.path("status").asString())) {
					if ("qa".equals(run.path("role").asString())) {
						qa++;
					}
					else {
						developer++;
					}
				}
			}
			assertThat(developer).as("developer runs of stage " + number).isEqualTo(1);
			assertThat(qa).as("QA runs of stage " + number).isEqualTo(1);
		}
		String repositoryUrl = project.path("artifacts").path("repository_url").asString();
		// Made by the agents process from the shared public URL: the api process serves it.
		assertThat(repositoryUrl).startsWith(publicUrl + "/git/");
		Git.cloneWithKey(clone.getParent(), repositoryUrl, clone, KEY);
		List<String> subjects = Git.lines(clone, "log", "--format=%s", "main");
		for (JsonNode stage : stages) {
			assertThat(subjects).filteredOn(s -> s.startsWith("feat(stage-" + stage.path("number").asInt() + "): "))
				.as("merges of stage " + stage.path("number").asInt())
				.hasSize(1);
		}
		assertThat(Git.lines(clone, "tag")).containsExactly("v1.0.0");
	}

}
