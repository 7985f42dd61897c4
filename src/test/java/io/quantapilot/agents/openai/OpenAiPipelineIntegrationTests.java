package io.quantapilot.agents.openai;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.quantapilot.agents.HttpProvidersApplicationTest;
import io.quantapilot.support.Api;
import io.quantapilot.support.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static io.quantapilot.agents.openai.ChatCompletionsStandIn.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline with {@code agent_provider: openai} against the Chat Completions stand-in: the architect's
 * scripted tool calls write the plan, the developer's write each stage and run its tests, the platform runs
 * the tests again, merges and releases; the clone of the result passes its tests.
 */
class OpenAiPipelineIntegrationTests extends HttpProvidersApplicationTest {

	private static final String README = """
			# Greeter

			A tiny Python library that greets people: `greet(name)` and `shout(name)`.
			""";

	private static final String PLAN = """
			{"summary": "A Python greeting library built in two stages.",
			 "tech_stack": {"language": "python", "build": "none", "frameworks": [], "test_framework": "unittest"},
			 "architecture": "One module, greeter.core.",
			 "stages": [
			  {"number": 1, "name": "greet", "goal": "greet(name) returns a greeting",
			   "acceptance_criteria": ["greet('Ada') == 'Hello, Ada!'"], "estimated_tokens": 8000},
			  {"number": 2, "name": "shout", "goal": "shout(name) returns the greeting in capitals",
			   "acceptance_criteria": ["shout('Ada') == 'HELLO, ADA!'"], "estimated_tokens": 6000}],
			 "risks": []}
			""";

	private static final String TESTS = "python3 -m unittest discover -s tests -t .";

	@Test
	void aProjectIsPlannedBuiltTestedAndReleasedThroughScriptedToolCalls(@TempDir Path tmp) throws Exception {
		CHAT.script(request -> {
			String prompt = request.userPrompt();
			List<ChatCompletionsStandIn.Reply> turns = prompt.contains("You are the software architect") ? architect()
					: prompt.contains("You are the QA engineer") ? qa(prompt.contains("Stage 1 (") ? 1 : 2)
							: prompt.contains("Implement stage 1") ? stageOne()
									: prompt.contains("Implement stage 2") ? stageTwo()
											: List.of(ChatCompletionsStandIn.error(400, "unexpected prompt"));
			return request.turn() < turns.size() ? turns.get(request.turn())
					: ChatCompletionsStandIn.error(500, "no turn " + request.turn());
		});
		Api.Response created = api().post("/api/v1/projects",
				Map.of("readme", README, "configuration", Map.of("agent_provider", "openai")));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().path("project_id").asString();

		JsonNode decision = awaitPendingDecision(id, "plan_approval", Duration.ofSeconds(60));
		assertThat(decision.path("context").path("stages").size()).isEqualTo(2);
		api().post("/api/v1/hitl/decisions/" + decision.path("decision_id").asString(), Map.of("decision", "approve"));
		JsonNode project = awaitStatus(id, "completed", Duration.ofSeconds(90));

		JsonNode runs = api().get("/api/v1/projects/" + id + "/agent-runs").json().path("agent_runs");
		// The architect, and per stage the developer and the QA agent.
		assertThat(runs.size()).isEqualTo(5);
		List<String> roles = new java.util.ArrayList<>();
		runs.forEach(run -> roles.add(run.path("role").asString()));
		assertThat(roles).containsExactly("architect", "developer", "qa", "developer", "qa");
		for (JsonNode listed : runs) {
			JsonNode run = api().get("/api/v1/agent-runs/" + listed.path("run_id").asString()).json();
			assertThat(run.path("provider").asString()).isEqualTo("openai");
			assertThat(run.path("model").asString()).isEqualTo("stand-in-model");
			assertThat(run.path("status").asString()).isEqualTo("succeeded");
			assertThat(run.path("cached_tokens").asLong()).isPositive();
			assertThat(run.path("estimated").asBoolean()).isFalse();
			assertThat(run.path("events").toString()).contains("tool_call", "write_file");
		}
		JsonNode architect = api().get("/api/v1/agent-runs/" + runs.get(0).path("run_id").asString()).json();
		assertThat(architect.path("input_tokens").asLong()).isEqualTo(900 + 1500);
		assertThat(architect.path("cached_tokens").asLong()).isEqualTo(512);
		JsonNode tests = api().get("/api/v1/projects/" + id + "/test-executions").json().path("test_executions");
		assertThat(tests).isNotEmpty().allSatisfy(t -> assertThat(t.path("passed").asBoolean()).isTrue());

		// The developer ran the tests itself through run_command, and saw them pass.
		assertThat(CHAT.chatRequests()
			.stream()
			.flatMap(r -> r.toolResults().stream())
			.filter(result -> result.startsWith("exit code 0") && result.contains("OK"))).hasSizeGreaterThanOrEqualTo(2);

		Path clone = tmp.resolve("clone");
		Git.cloneWithKey(tmp, project.path("artifacts").path("repository_url").asString(), clone, ADMIN_KEY);
		assertThat(clone.resolve(".quantapilot/plan.json")).exists();
		assertThat(clone.resolve("greeter/core.py")).content().contains("def shout");
		Process run = new ProcessBuilder("python3", "-m", "unittest", "discover", "-s", "tests", "-t", ".")
			.directory(clone.toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(run.getInputStream().readAllBytes());
		assertThat(run.waitFor()).as(output).isZero();
		// Each stage's test and the QA's edge case of each stage.
		assertThat(output).contains("Ran 4 tests", "OK");
		assertThat(clone.resolve("tests/test_qa_stage_2.py")).content().contains("shout(\"\")");
	}

	private static List<ChatCompletionsStandIn.Reply> architect() {
		return List.of(
				CHAT.toolCalls(900, 700, 0, call("write_file", "path", ".quantapilot/plan.json", "content", PLAN),
						call("write_file", "path", "docs/ARCHITECTURE.md", "content", "# Architecture\n\ngreeter.core\n"),
						call("write_file", "path", "AGENTS.md", "content", "Run the tests with `" + TESTS + "`.\n")),
				CHAT.toolCalls(1500, 30, 512, call("finish", "summary", "Planned two stages.")));
	}

	private static List<ChatCompletionsStandIn.Reply> stageOne() {
		return List.of(CHAT.toolCalls(1000, 20, 0, call("read_file", "path", ".quantapilot/plan.json")),
				CHAT.toolCalls(1600, 400, 768,
						call("write_file", "path", "greeter/__init__.py", "content", ""),
						call("write_file", "path", "greeter/core.py", "content",
								"def greet(name):\n    return f\"Hello, {name}!\"\n"),
						call("write_file", "path", "tests/__init__.py", "content", ""),
						call("write_file", "path", "tests/test_greet.py", "content", """
								import unittest
								from greeter.core import greet

								class GreetTest(unittest.TestCase):
								    def test_greets(self):
								        self.assertEqual(greet("Ada"), "Hello, Ada!")
								""")),
				CHAT.toolCalls(2100, 30, 1536, call("run_command", "command", TESTS)),
				CHAT.toolCalls(2300, 30, 2048, call("finish", "summary", "greet() with its test.")));
	}

	/** The QA agent adds an edge case of its stage and runs the tests. */
	private static List<ChatCompletionsStandIn.Reply> qa(int stage) {
		String test = stage == 1 ? """
				import unittest
				from greeter.core import greet

				class QaStage1Test(unittest.TestCase):
				    def test_greets_an_empty_name(self):
				        self.assertEqual(greet(""), "Hello, !")
				""" : """
				import unittest
				from greeter.core import shout

				class QaStage2Test(unittest.TestCase):
				    def test_shouts_an_empty_name(self):
				        self.assertEqual(shout(""), "HELLO, !")
				""";
		return List.of(
				CHAT.toolCalls(700, 150, 128, call("write_file", "path", "tests/test_qa_stage_" + stage + ".py", "content",
						test)),
				CHAT.toolCalls(900, 30, 512, call("run_command", "command", TESTS)),
				CHAT.toolCalls(1000, 30, 640, call("finish", "summary", "Added an edge case for stage " + stage + ".")));
	}

	private static List<ChatCompletionsStandIn.Reply> stageTwo() {
		return List.of(
				CHAT.toolCalls(1100, 200, 256,
						call("edit_file", "path", "greeter/core.py", "search", "    return f\"Hello, {name}!\"\n",
								"replace", "    return f\"Hello, {name}!\"\n\n\ndef shout(name):\n    return greet(name).upper()\n"),
						call("write_file", "path", "tests/test_shout.py", "content", """
								import unittest
								from greeter.core import shout

								class ShoutTest(unittest.TestCase):
								    def test_shouts(self):
								        self.assertEqual(shout("Ada"), "HELLO, ADA!")
								""")),
				CHAT.toolCalls(1900, 30, 1024, call("run_command", "command", TESTS)),
				CHAT.toolCalls(2000, 30, 1792, call("finish", "summary", "shout() with its test.")));
	}

}
