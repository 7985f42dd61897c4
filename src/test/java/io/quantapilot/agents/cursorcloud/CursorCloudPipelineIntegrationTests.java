package io.quantapilot.agents.cursorcloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.quantapilot.forge.github.GitHubStandIn;
import io.quantapilot.support.Api;
import io.quantapilot.support.Git;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline with {@code agent_provider: cursor-cloud} on the GitHub forge, against the stand-ins of
 * GitHub (real bare repositories behind its git and REST endpoints) and of the Cursor Cloud Agents API. Each
 * launched agent really works on the repository: the Cursor stand-in reads the launch's source repository, ref
 * and target branch, and commits the files (the plan; per stage a Python module with its test; the QA's edge-case
 * test) onto that branch of the GitHub stand-in. The platform fetches the branch into the workspace after each
 * run, runs the project's tests on it, opens and merges the pull requests; the result clones and passes its tests.
 * A project on the local forge cannot use cursor-cloud and is refused before it starts. Its own application
 * context (the stand-ins' addresses are configuration), hence its own data directory.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class CursorCloudPipelineIntegrationTests {

	private static final String ADMIN_KEY = "qp_cursor_cloud_pipeline_admin_key_0123456789";

	private static final String KEY = "cursor-cloud-pipeline-key-0123456789";

	private static final Path DATA_DIR;

	private static final GitHubStandIn GITHUB;

	private static final CursorCloudStandIn CURSOR;

	/** Each launch: {repository, ref, branch, role}. */
	private static final List<String[]> LAUNCHES = new CopyOnWriteArrayList<>();

	static {
		try {
			DATA_DIR = Files.createTempDirectory("qp-cloud-it-");
			GITHUB = new GitHubStandIn(DATA_DIR.resolve("github-stand-in"));
			CURSOR = new CursorCloudStandIn(KEY).statuses("RUNNING", "FINISHED")
				.summary("Pushed the work to the target branch")
				.onLaunch(CursorCloudPipelineIntegrationTests::work);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Value("${local.server.port}")
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("quantapilot.data-dir", () -> DATA_DIR.resolve("data").toString());
		registry.add("quantapilot.logs-dir", () -> DATA_DIR.resolve("logs").toString());
		registry.add("quantapilot.identity.admin-api-key", () -> ADMIN_KEY);
		registry.add("quantapilot.workflow.poll-interval", () -> "100ms");
		registry.add("quantapilot.identity.rate-limit-per-minute", () -> "100000");
		registry.add("quantapilot.forge.github.api-url", GITHUB::apiUrl);
		registry.add("quantapilot.forge.github.token", () -> GitHubStandIn.TOKEN);
		registry.add("quantapilot.forge.github.poll-interval", () -> "1s");
		registry.add("quantapilot.forge.github.checks-grace", () -> "1s");
		registry.add("quantapilot.agents.cursor-cloud.base-url", CURSOR::baseUrl);
		registry.add("quantapilot.agents.cursor-cloud.api-key", () -> KEY);
		registry.add("quantapilot.agents.cursor-cloud.poll-interval", () -> "50ms");
		registry.add("quantapilot.agents.cursor-cloud.max-poll-interval", () -> "200ms");
	}

	@AfterAll
	static void stopStandIns() {
		CURSOR.close();
		GITHUB.close();
	}

	@Test
	void cloudAgentsBuildAProjectOnGitHubAndThePlatformTestsAndMergesTheirBranches(@TempDir Path tmp) throws Exception {
		// A local-forge project cannot give a cloud agent a repository: refused before it starts.
		Api.Response local = api().post("/api/v1/projects",
				Map.of("readme", "# Calc\n\nA calculator.", "configuration", Map.of("agent_provider", "cursor-cloud")));
		assertThat(local.status()).as(local.body()).isEqualTo(400);
		assertThat(local.json().path("error").path("message").asString()).contains("cursor-cloud", "GitHub",
				"forge is 'local'");

		Api.Response created = api().post("/api/v1/projects", Map.of("readme",
				"# Calc\n\nA tiny Python calculator library: add and subtract, with unit tests.", "configuration",
				Map.of("agent_provider", "cursor-cloud", "forge", "github")));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().path("project_id").asString();
		JsonNode decision = awaitPendingDecision(id, "plan_approval", Duration.ofMinutes(2));
		assertThat(decision.path("context").path("stages").size()).isEqualTo(2);
		api().post("/api/v1/hitl/decisions/" + decision.path("decision_id").asString(), Map.of("decision", "approve"));
		JsonNode project = awaitStatus(id, "completed", Duration.ofMinutes(4));

		// Every run launched a cloud agent on the project's GitHub repository, with the pipeline's ref and branch.
		String repositoryUrl = project.path("artifacts").path("repository_url").asString();
		String repository = repositoryUrl.substring((GITHUB.baseUrl() + "/git/").length(),
				repositoryUrl.length() - ".git".length());
		List<String> roles = new ArrayList<>();
		LAUNCHES.forEach(launch -> roles.add(launch[3]));
		assertThat(roles).containsExactly("architect", "developer", "qa", "developer", "qa");
		assertThat(LAUNCHES).allSatisfy(l -> assertThat(l[0]).isEqualTo(GITHUB.baseUrl() + "/git/" + repository));
		assertThat(LAUNCHES.get(0)).containsSubsequence("main", "quantapilot/plan");
		assertThat(LAUNCHES.get(1)[1]).isEqualTo("main");
		assertThat(LAUNCHES.get(1)[2]).startsWith("feature/stage-1-");
		// The QA continues the stage branch the developer's agent pushed.
		assertThat(LAUNCHES.get(2)[1]).isEqualTo(LAUNCHES.get(1)[2]);
		assertThat(LAUNCHES.get(2)[2]).isEqualTo(LAUNCHES.get(1)[2]);
		assertThat(LAUNCHES.get(3)[2]).startsWith("feature/stage-2-");

		JsonNode runs = api().get("/api/v1/projects/" + id + "/agent-runs").json().path("agent_runs");
		assertThat(runs.size()).isEqualTo(5);
		for (JsonNode listed : runs) {
			JsonNode run = api().get("/api/v1/agent-runs/" + listed.path("run_id").asString()).json();
			assertThat(run.path("provider").asString()).isEqualTo("cursor-cloud");
			assertThat(run.path("status").asString()).isEqualTo("succeeded");
			assertThat(run.path("session_id").asString()).isEqualTo(CursorCloudStandIn.AGENT_ID);
			assertThat(run.path("events").toString()).contains("launched agent", "FINISHED").doesNotContain(KEY);
		}
		// The platform ran the project's tests on what the agents pushed: both stages and both QA edge cases.
		JsonNode tests = api().get("/api/v1/projects/" + id + "/test-executions").json().path("test_executions");
		assertThat(tests.size()).isEqualTo(2);
		assertThat(tests).allSatisfy(t -> assertThat(t.path("passed").asBoolean()).isTrue());
		assertThat(tests.get(0).path("total").asInt()).isEqualTo(2);
		assertThat(tests.get(1).path("total").asInt()).isEqualTo(4);
		assertThat(GITHUB.pulls(repository)).hasSize(2).allSatisfy(pr -> assertThat(pr.path("merged").asBoolean()).isTrue());

		Path clone = tmp.resolve("clone");
		Git.lines(tmp, "clone", "-q", GITHUB.bare(repository).toString(), clone.toString());
		assertThat(clone.resolve(".quantapilot/plan.json")).exists();
		Process run = new ProcessBuilder("python3", "-m", "unittest", "discover", "-s", "tests", "-t", ".", "-v")
			.directory(clone.toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(run.getInputStream().readAllBytes());
		assertThat(run.waitFor()).as(output).isZero();
		assertThat(output).contains("test_add", "test_subtract", "test_add_edge_case", "test_subtract_edge_case", "OK");
	}

	/**
	 * The cloud agent's work, done on the GitHub stand-in's repository as pushes to the launch's target branch
	 * (created from the launch's ref when it does not exist yet).
	 */
	private static void work(JsonNode launch) {
		String source = launch.path("source").path("repository").asString();
		String ref = launch.path("source").path("ref").asString();
		String branch = launch.path("target").path("branchName").asString();
		String prompt = launch.path("prompt").path("text").asString();
		String repository = source.substring(source.indexOf("/git/") + "/git/".length());
		String role = prompt.contains("You are the QA engineer") ? "qa"
				: prompt.contains("You are the software architect") ? "architect" : "developer";
		LAUNCHES.add(new String[] { source, ref, branch, role });
		List<String[]> files = new ArrayList<>();
		switch (role) {
			case "architect" -> {
				files.add(new String[] { ".quantapilot/plan.json", """
						{"summary": "A tiny calculator library.", "tech_stack": {"language": "python", "build": "none", "frameworks": [], "test_framework": "unittest"},
						 "architecture": "One module, calc.", "risks": [],
						 "stages": [{"number": 1, "name": "add", "goal": "Add two numbers", "acceptance_criteria": ["add(2, 3) is 5"], "estimated_tokens": 1000},
						            {"number": 2, "name": "subtract", "goal": "Subtract two numbers", "acceptance_criteria": ["subtract(5, 3) is 2"], "estimated_tokens": 1000}]}
						""" });
				files.add(new String[] { "AGENTS.md", "# Agents\n\nTest with `python3 -m unittest discover -s tests -t .`.\n" });
				files.add(new String[] { ".gitignore", "__pycache__/\n" });
			}
			case "developer" -> {
				int n = prompt.contains("Implement stage 1") ? 1 : 2;
				files.add(new String[] { "calc/__init__.py",
						"def add(a, b):\n    return a + b\n\n\ndef subtract(a, b):\n    return a - b\n" });
				files.add(new String[] { "tests/__init__.py", "" });
				String name = n == 1 ? "add" : "subtract";
				String call = n == 1 ? "add(2, 3), 5" : "subtract(5, 3), 2";
				files.add(new String[] { "tests/test_stage_" + n + ".py", "import unittest\n\nfrom calc import " + name
						+ "\n\n\nclass Stage" + n + "Test(unittest.TestCase):\n\n    def test_" + name
						+ "(self):\n        self.assertEqual(" + call + ")\n" });
			}
			default -> {
				int n = branch.contains("stage-1-") ? 1 : 2;
				String name = n == 1 ? "add" : "subtract";
				String call = n == 1 ? "add(-2, 2), 0" : "subtract(3, 5), -2";
				files.add(new String[] { "tests/test_qa_stage_" + n + ".py", "import unittest\n\nfrom calc import "
						+ name + "\n\n\nclass QaStage" + n + "Test(unittest.TestCase):\n\n    def test_" + name
						+ "_edge_case(self):\n        self.assertEqual(" + call + ")\n" });
			}
		}
		boolean exists = GITHUB.branches(repository).contains(branch);
		for (String[] file : files) {
			if (!exists) {
				if (!"main".equals(ref)) {
					throw new IllegalStateException("the stand-in starts new branches from main only, not " + ref);
				}
				GITHUB.createBranch(repository, branch, file[0], file[1]);
				exists = true;
			}
			else {
				GITHUB.commitOnBranch(repository, branch, file[0], file[1]);
			}
		}
	}

	private Api api() {
		return new Api("http://localhost:" + port, ADMIN_KEY);
	}

	private JsonNode awaitStatus(String projectId, String status, Duration timeout) {
		JsonNode[] last = new JsonNode[1];
		Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
			last[0] = api().get("/api/v1/projects/" + projectId).json();
			assertThat(last[0].path("status").asString()).as(last[0].toString()).isNotIn("failed", "cancelled");
			return status.equals(last[0].path("status").asString());
		});
		return last[0];
	}

	private JsonNode awaitPendingDecision(String projectId, String type, Duration timeout) {
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
