package io.quantapilot.agents.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.quantapilot.support.Api;
import io.quantapilot.support.ApplicationIntegrationTest;
import io.quantapilot.support.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline with {@code agent_provider: command} and the {@code claude-code} preset, the preset pointed
 * at a scripted {@code claude} that speaks Claude Code's stream-json (system/init, assistant tool_use, user
 * tool_result, a terminal result with usage and {@code total_cost_usd}) and really writes the files: as architect a
 * two-stage plan, as developer a Python module and a unittest per stage, as QA an edge-case test per stage. Every
 * stage's real test run passes, the project completes, and each run records the CLI's session id, its reported
 * usage (not estimated) and its reported cost.
 */
class CommandPresetPipelineIntegrationTests extends OwnContextApplicationTest {

	private static final String KEY = "sk-ant-pipeline-0123456789";

	private static final Path DIR;

	static {
		try {
			DIR = Files.createTempDirectory("qp-claude-it-");
			writeClaude(DIR.resolve("bin"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@DynamicPropertySource
	static void claudeCode(DynamicPropertyRegistry registry) {
		registry.add("quantapilot.agents.command.preset", () -> "claude-code");
		registry.add("quantapilot.agents.command.command", () -> DIR.resolve("bin/claude").toString());
		registry.add("quantapilot.agents.command.env.ANTHROPIC_API_KEY", () -> KEY);
		registry.add("quantapilot.agents.command.result-grace", () -> "1s");
	}

	@Test
	void pipelineRunsOnClaudeCodeAndEveryStagesTestsPass(@TempDir Path tmp) throws Exception {
		Api.Response created = api().post("/api/v1/projects", Map.of("readme",
				"# Temperatures\n\nA tiny Python library converting Celsius and Fahrenheit, with unit tests.",
				"configuration", Map.of("agent_provider", "command")));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().path("project_id").asString();

		JsonNode decision = awaitPendingDecision(id, "plan_approval", Duration.ofMinutes(2));
		assertThat(decision.path("context").path("stages").size()).isEqualTo(2);
		api().post("/api/v1/hitl/decisions/" + decision.path("decision_id").asString(), Map.of("decision", "approve"));
		JsonNode project = awaitStatus(id, "completed", Duration.ofMinutes(4));

		JsonNode runs = api().get("/api/v1/projects/" + id + "/agent-runs").json().path("agent_runs");
		List<String> roles = new ArrayList<>();
		runs.forEach(run -> roles.add(run.path("role").asString()));
		assertThat(roles).containsExactly("architect", "developer", "qa", "developer", "qa");
		BigDecimal reported = BigDecimal.ZERO;
		for (JsonNode listed : runs) {
			JsonNode run = api().get("/api/v1/agent-runs/" + listed.path("run_id").asString()).json();
			assertThat(run.path("provider").asString()).isEqualTo("command");
			assertThat(run.path("status").asString()).isEqualTo("succeeded");
			assertThat(run.path("model").asString()).isEqualTo("claude-sonnet-4-5-20250929");
			// Claude Code reports usage and cost: the counts are not estimates, the cost is kept as reported.
			assertThat(run.path("estimated").asBoolean()).isFalse();
			assertThat(run.path("input_tokens").asLong()).isEqualTo(1200 + 300 + 5000);
			assertThat(run.path("cached_tokens").asLong()).isEqualTo(5000);
			assertThat(run.path("output_tokens").asLong()).isEqualTo(400);
			assertThat(run.path("session_id").asString()).startsWith("claude-session-" + run.path("role").asString());
			assertThat(run.path("reported_cost_usd").decimalValue()).isEqualByComparingTo("0.0125");
			reported = reported.add(run.path("reported_cost_usd").decimalValue());
			assertThat(run.path("events").toString()).contains("init: model claude-sonnet-4-5-20250929",
					"started Write", "cost reported by the CLI $0.0125").doesNotContain(KEY);
		}
		assertThat(reported).isEqualByComparingTo("0.0625");
		JsonNode tests = api().get("/api/v1/projects/" + id + "/test-executions").json().path("test_executions");
		assertThat(tests.size()).isEqualTo(2);
		assertThat(tests).allSatisfy(t -> assertThat(t.path("passed").asBoolean()).isTrue());
		// Stage 2's run holds both stages' tests and both QA edge cases.
		assertThat(tests.get(1).path("total").asInt()).isEqualTo(4);
		String prompts = Files.readString(DIR.resolve("bin/prompts"), StandardCharsets.UTF_8);
		assertThat(prompts).contains("# Temperatures", "You are the QA engineer", "Goal: Fahrenheit to Celsius");

		Path clone = tmp.resolve("clone");
		Git.cloneWithKey(tmp, project.path("artifacts").path("repository_url").asString(), clone,
				ApplicationIntegrationTest.ADMIN_KEY);
		List<String> log = Git.lines(clone, "log", "--format=%s", "main");
		assertThat(log).anyMatch(s -> s.startsWith("feat(stage-1): ")).anyMatch(s -> s.startsWith("feat(stage-2): "));
		String[] result = ScriptedCli.runPythonTests(clone);
		assertThat(result[0]).as(result[1]).isEqualTo("0");
		assertThat(result[1]).contains("test_c_to_f", "test_f_to_c", "test_c_to_f_edge_case", "test_f_to_c_edge_case",
				"OK");
	}

	/**
	 * The scripted {@code claude}: {@code -p <prompt> --output-format stream-json --verbose …}. Without a plan it is
	 * the architect; given the QA prompt it adds an edge-case test to the latest stage; otherwise it is the
	 * developer of the next stage. Each run prints the documented events around the files it writes.
	 */
	private static void writeClaude(Path bin) throws IOException {
		Files.createDirectories(bin);
		String script = """
				#!/usr/bin/env bash
				set -e
				[ "$1" = "-p" ] || { echo "usage: claude -p <prompt> …" >&2; exit 1; }
				prompt="$2"
				printf '%%s\\n----\\n' "$prompt" >> '%s'
				case " $* " in *" --output-format stream-json "*) ;; *) echo 'stream-json expected' >&2; exit 1;; esac
				case " $* " in *" --verbose "*) ;; *) echo 'When using --print, --output-format=stream-json requires --verbose' >&2; exit 1;; esac
				if [ -z "$ANTHROPIC_API_KEY" ]; then echo 'Invalid API key · Please run /login' >&2; exit 1; fi
				if [ ! -f .quantapilot/plan.json ]; then role=architect
				elif printf '%%s' "$prompt" | grep -q 'You are the QA engineer'; then role=qa
				else role=developer; fi
				session="claude-session-$role-$RANDOM"
				model=claude-sonnet-4-5-20250929
				event() { printf '%%s\\n' "$1"; }
				event '{"type":"system","subtype":"init","session_id":"'"$session"'","uuid":"u0","cwd":"'"$PWD"'","model":"'"$model"'","permissionMode":"acceptEdits","apiKeySource":"ANTHROPIC_API_KEY","tools":["Bash","Edit","Read","Write"],"mcp_servers":[],"claude_code_version":"2.0.14"}'
				usage='"usage":{"input_tokens":100,"output_tokens":50,"cache_read_input_tokens":1000,"cache_creation_input_tokens":100}'
				write() {
				  mkdir -p "$(dirname "$1")"
				  event '{"type":"assistant","message":{"id":"msg_'"$1"'","model":"'"$model"'","role":"assistant","content":[{"type":"tool_use","id":"toolu_'"$1"'","name":"Write","input":{"file_path":"'"$1"'","content":"…"}}],"stop_reason":"tool_use",'"$usage"'},"parent_tool_use_id":null,"session_id":"'"$session"'","uuid":"u1"}'
				  cat > "$1"
				  event '{"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_'"$1"'","type":"tool_result","content":"File created successfully at: '"$1"'"}]},"parent_tool_use_id":null,"session_id":"'"$session"'","uuid":"u2"}'
				}
				result() {
				  event '{"type":"assistant","message":{"id":"msg_end","model":"'"$model"'","role":"assistant","content":[{"type":"text","text":"'"$1"'"}],"stop_reason":"end_turn",'"$usage"'},"parent_tool_use_id":null,"session_id":"'"$session"'","uuid":"u3"}'
				  event '{"type":"result","subtype":"success","is_error":false,"duration_ms":2000,"duration_api_ms":1800,"num_turns":3,"result":"'"$1"'","session_id":"'"$session"'","uuid":"u4","total_cost_usd":0.0125,"usage":{"input_tokens":1200,"output_tokens":400,"cache_read_input_tokens":5000,"cache_creation_input_tokens":300},"permission_denials":[]}'
				}
				if [ "$role" = architect ]; then
				  write .quantapilot/plan.json <<'PLAN'
				{"summary": "A tiny temperature conversion library.", "tech_stack": {"language": "python", "build": "none", "frameworks": [], "test_framework": "unittest"},
				 "architecture": "One module, temperatures.", "risks": [],
				 "stages": [{"number": 1, "name": "c-to-f", "goal": "Celsius to Fahrenheit", "acceptance_criteria": ["c_to_f(100) is 212"], "estimated_tokens": 1000},
				            {"number": 2, "name": "f-to-c", "goal": "Fahrenheit to Celsius", "acceptance_criteria": ["f_to_c(212) is 100"], "estimated_tokens": 1000}]}
				PLAN
				  write AGENTS.md <<'DOC'
				# Agents

				Test with `python3 -m unittest discover -s tests -t .`.
				DOC
				  write .gitignore <<'DOC'
				__pycache__/
				DOC
				  result "Planned 2 stages."
				  exit 0
				fi
				if [ "$role" = qa ]; then
				  n=$(ls tests/test_stage_*.py | wc -l)
				  if [ "$n" = 1 ]; then name=c_to_f; call='c_to_f(-40), -40'; else name=f_to_c; call='f_to_c(-40), -40'; fi
				  write "tests/test_qa_stage_$n.py" <<PY
				import unittest

				from temperatures import $name


				class QaStage${n}Test(unittest.TestCase):

				    def test_${name}_edge_case(self):
				        self.assertEqual($call)
				PY
				  result "QA added an edge case for stage $n."
				  exit 0
				fi
				n=$(( $(ls tests/test_stage_*.py 2>/dev/null | wc -l) + 1 ))
				write temperatures/__init__.py <<'PY'
				def c_to_f(c):
				    return c * 9 / 5 + 32


				def f_to_c(f):
				    return (f - 32) * 5 / 9
				PY
				write tests/__init__.py < /dev/null
				if [ "$n" = 1 ]; then name=c_to_f; call='c_to_f(100), 212'; else name=f_to_c; call='f_to_c(212), 100'; fi
				write "tests/test_stage_$n.py" <<PY
				import unittest

				from temperatures import $name


				class Stage${n}Test(unittest.TestCase):

				    def test_$name(self):
				        self.assertEqual($call)
				PY
				result "Implemented stage $n with a passing test."
				""".formatted(bin.resolve("prompts"));
		Path claude = bin.resolve("claude");
		Files.writeString(claude, script, StandardCharsets.UTF_8);
		Files.setPosixFilePermissions(claude, PosixFilePermissions.fromString("rwxr-xr-x"));
	}

}
