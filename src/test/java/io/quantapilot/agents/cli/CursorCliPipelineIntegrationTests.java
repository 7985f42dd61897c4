package io.quantapilot.agents.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.quantapilot.support.Api;
import io.quantapilot.support.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline with {@code agent_provider: cursor-cli}, the provider pointed at a scripted {@code agent}
 * that speaks the CLI's stream-json protocol: as architect it writes a two-stage plan, as developer a Python module
 * and a new unittest per stage, as QA an edge-case test per stage, so every stage's real test run passes. This needs its own application context (the
 * binary's path is configuration), hence its own data directory ({@link OwnContextApplicationTest}).
 */
class CursorCliPipelineIntegrationTests extends OwnContextApplicationTest {

	private static final String KEY = "cursor_pipeline_key_0123456789";

	private static final Path DIR;

	static {
		try {
			DIR = Files.createTempDirectory("qp-cursor-it-");
			writeAgent(DIR.resolve("bin"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@DynamicPropertySource
	static void cursorCli(DynamicPropertyRegistry registry) {
		registry.add("quantapilot.agents.cursor-cli.command", () -> DIR.resolve("bin/agent").toString());
		registry.add("quantapilot.agents.cursor-cli.api-key", () -> KEY);
		registry.add("quantapilot.agents.cursor-cli.model", () -> "gpt-5");
		registry.add("quantapilot.agents.cursor-cli.result-grace", () -> "1s");
	}

	@Test
	void pipelineRunsOnTheCursorCliAndEveryStagesTestsPass(@TempDir Path tmp) throws Exception {
		Api.Response created = api().post("/api/v1/projects", Map.of("readme",
				"# Calc\n\nA tiny Python calculator library: add and subtract, with unit tests.", "configuration",
				Map.of("agent_provider", "cursor-cli")));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().path("project_id").asString();
		assertThat(Files.isDirectory(DATA_DIR.resolve("postgres"))).isTrue();

		JsonNode decision = awaitPendingDecision(id, "plan_approval", Duration.ofMinutes(2));
		assertThat(decision.path("context").path("stages").size()).isEqualTo(2);
		api().post("/api/v1/hitl/decisions/" + decision.path("decision_id").asString(), Map.of("decision", "approve"));
		JsonNode project = awaitStatus(id, "completed", Duration.ofMinutes(4));

		JsonNode runs = api().get("/api/v1/projects/" + id + "/agent-runs").json().path("agent_runs");
		// The architect, and per stage the developer and the QA agent.
		assertThat(runs.size()).isEqualTo(5);
		List<String> roles = new java.util.ArrayList<>();
		runs.forEach(run -> roles.add(run.path("role").asString()));
		assertThat(roles).containsExactly("architect", "developer", "qa", "developer", "qa");
		for (JsonNode run : runs) {
			JsonNode detail = api().get("/api/v1/agent-runs/" + run.path("run_id").asString()).json();
			assertThat(detail.path("provider").asString()).isEqualTo("cursor-cli");
			assertThat(detail.path("status").asString()).isEqualTo("succeeded");
			// The CLI's session id is recorded; the Cursor CLI reports no cost.
			assertThat(detail.path("session_id").asString()).isEqualTo("S");
			assertThat(detail.path("reported_cost_usd").isNull()).isTrue();
			String log = detail.path("events").toString();
			assertThat(log).contains("init: model Scripted Agent", "tool_call", "started write", " written: ")
				.doesNotContain(KEY);
		}
		JsonNode architect = api().get("/api/v1/agent-runs/" + runs.get(0).path("run_id").asString()).json();
		assertThat(architect.toString()).contains("Planned 2 stages");
		JsonNode tests = api().get("/api/v1/projects/" + id + "/test-executions").json().path("test_executions");
		assertThat(tests.size()).isEqualTo(2);
		assertThat(tests).allSatisfy(t -> assertThat(t.path("passed").asBoolean()).isTrue());
		// Stage 2's run holds both stages' tests and both QA edge cases.
		assertThat(tests.get(1).path("total").asInt()).isEqualTo(4);
		// The architect saw the README, the developer its stage from the plan.
		String prompts = Files.readString(DIR.resolve("bin/prompts"), StandardCharsets.UTF_8);
		assertThat(prompts).contains("# Calc", ".quantapilot/plan.json", "subtract", "Goal: Subtract two numbers");

		Path clone = tmp.resolve("clone");
		Git.cloneWithKey(tmp, project.path("artifacts").path("repository_url").asString(), clone, io.quantapilot.support.ApplicationIntegrationTest.ADMIN_KEY);
		List<String> log = Git.lines(clone, "log", "--format=%s", "main");
		assertThat(log).anyMatch(s -> s.startsWith("feat(stage-1): "))
			.anyMatch(s -> s.startsWith("feat(stage-2): "));
		String[] result = ScriptedCli.runPythonTests(clone);
		assertThat(result[0]).as(result[1]).isEqualTo("0");
		assertThat(result[1]).contains("test_add", "test_subtract", "test_add_edge_case", "test_subtract_edge_case",
				"OK");
	}

	/**
	 * The scripted agent. Without a plan it is the architect; given the QA prompt it adds an edge-case test to
	 * the latest stage; otherwise it is the developer of the next stage.
	 */
	private static void writeAgent(Path bin) throws IOException {
		Files.createDirectories(bin);
		String script = """
				#!/usr/bin/env bash
				set -e
				printf '%%s\\n----\\n' "${@: -1}" >> '%s'
				if [ -z "$CURSOR_API_KEY" ]; then echo 'Authentication required' >&2; exit 1; fi
				event() { printf '%%s\\n' "$1"; }
				event '{"type":"system","subtype":"init","apiKeySource":"env","cwd":"'"$PWD"'","session_id":"S","model":"Scripted Agent","permissionMode":"default"}'
				write() {
				  mkdir -p "$(dirname "$1")"
				  event '{"type":"tool_call","subtype":"started","call_id":"'"$1"'","tool_call":{"writeToolCall":{"args":{"path":"'"$1"'"}}},"session_id":"S"}'
				  cat > "$1"
				  event '{"type":"tool_call","subtype":"completed","call_id":"'"$1"'","tool_call":{"writeToolCall":{"args":{"path":"'"$1"'"},"result":{"success":{"path":"'"$1"'","linesCreated":1,"fileSize":1}}}},"session_id":"S"}'
				}
				if [ ! -f .quantapilot/plan.json ]; then
				  write .quantapilot/plan.json <<'PLAN'
				{"summary": "A tiny calculator library.", "tech_stack": {"language": "python", "build": "none", "frameworks": [], "test_framework": "unittest"},
				 "architecture": "One module, calc.", "risks": [],
				 "stages": [{"number": 1, "name": "add", "goal": "Add two numbers", "acceptance_criteria": ["add(2, 3) is 5"], "estimated_tokens": 1000},
				            {"number": 2, "name": "subtract", "goal": "Subtract two numbers", "acceptance_criteria": ["subtract(5, 3) is 2"], "estimated_tokens": 1000}]}
				PLAN
				  write docs/ARCHITECTURE.md <<'DOC'
				# Architecture

				One module, `calc`, tested with unittest.
				DOC
				  write AGENTS.md <<'DOC'
				# Agents

				Test with `python3 -m unittest discover -s tests -t .`.
				DOC
				  write .gitignore <<'DOC'
				__pycache__/
				DOC
				  event '{"type":"result","subtype":"success","is_error":false,"duration_ms":1000,"duration_api_ms":900,"result":"Planned 2 stages.","session_id":"S"}'
				  exit 0
				fi
				if printf '%%s' "${@: -1}" | grep -q 'You are the QA engineer'; then
				  n=$(ls tests/test_stage_*.py | wc -l)
				  if [ "$n" = 1 ]; then name=add; call='add(-2, 2), 0'; else name=subtract; call='subtract(3, 5), -2'; fi
				  write "tests/test_qa_stage_$n.py" <<PY
				import unittest

				from calc import $name


				class QaStage${n}Test(unittest.TestCase):

				    def test_${name}_edge_case(self):
				        self.assertEqual($call)
				PY
				  event '{"type":"result","subtype":"success","is_error":false,"duration_ms":500,"duration_api_ms":400,"result":"QA added an edge case test for stage '"$n"'.","session_id":"S"}'
				  exit 0
				fi
				n=$(( $(ls tests/test_stage_*.py 2>/dev/null | wc -l) + 1 ))
				write calc/__init__.py <<'PY'
				def add(a, b):
				    return a + b


				def subtract(a, b):
				    return a - b
				PY
				write tests/__init__.py < /dev/null
				if [ "$n" = 1 ]; then name=add; call='add(2, 3), 5'; else name=subtract; call='subtract(5, 3), 2'; fi
				write "tests/test_stage_$n.py" <<PY
				import unittest

				from calc import $name


				class Stage${n}Test(unittest.TestCase):

				    def test_$name(self):
				        self.assertEqual($call)
				PY
				event '{"type":"assistant","message":{"role":"assistant","content":[{"type":"text","text":"Stage '"$n"' is written."}]},"session_id":"S"}'
				event '{"type":"result","subtype":"success","is_error":false,"duration_ms":1000,"duration_api_ms":900,"result":"Implemented stage '"$n"' with a passing test.","session_id":"S"}'
				""".formatted(bin.resolve("prompts"));
		Path agent = bin.resolve("agent");
		Files.writeString(agent, script, StandardCharsets.UTF_8);
		Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
	}

}
