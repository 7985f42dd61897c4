package io.quantapilot.agents.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.quantapilot.agents.spi.AgentOutcome;
import io.quantapilot.agents.spi.ProviderCheck;
import io.quantapilot.common.QuantaPilotException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code command} provider's presets against scripted executables that print each tool's documented output
 * (Claude Code stream-json, Codex JSONL, Aider text, Gemini CLI stream-json) and write a real Python project, plus
 * the custom template. Each run's event log, usage and written files are checked, and the project's tests run.
 */
class CommandProviderIntegrationTests {

	@TempDir
	Path bin;

	@TempDir
	Path workspace;

	private final ScriptedCli.RecordedEvents events = new ScriptedCli.RecordedEvents();

	@Test
	void claudeCodeStreamJsonWithUsageAndCost() throws Exception {
		ScriptedCli cli = new ScriptedCli(bin);
		Path claude = cli.script("claude", """
				cat <<'JSON'
				{"type":"system","subtype":"init","session_id":"S2","uuid":"u0","cwd":"/w","model":"claude-sonnet-4-5-20250929","permissionMode":"acceptEdits","apiKeySource":"ANTHROPIC_API_KEY","tools":["Bash","Edit","Read","Write"],"mcp_servers":[],"slash_commands":[],"claude_code_version":"2.0.14","output_style":"default"}
				{"type":"assistant","message":{"id":"msg_1","model":"claude-sonnet-4-5-20250929","role":"assistant","content":[{"type":"text","text":"Writing the calculator."}],"stop_reason":null,"usage":{"input_tokens":20,"output_tokens":5,"cache_read_input_tokens":1000,"cache_creation_input_tokens":200}},"parent_tool_use_id":null,"session_id":"S2","uuid":"u1"}
				{"type":"assistant","message":{"id":"msg_1","model":"claude-sonnet-4-5-20250929","role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"Write","input":{"file_path":"calc/__init__.py","content":"def add(a, b):\\n    return a + b\\n"}}],"stop_reason":"tool_use","usage":{"input_tokens":20,"output_tokens":60,"cache_read_input_tokens":1000,"cache_creation_input_tokens":200}},"parent_tool_use_id":null,"session_id":"S2","uuid":"u2"}
				JSON
				""" + ScriptedCli.WRITE_PYTHON_PROJECT + """
				cat <<'JSON'
				{"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_1","type":"tool_result","content":"File created successfully at: calc/__init__.py"}]},"parent_tool_use_id":null,"session_id":"S2","uuid":"u3"}
				{"type":"assistant","message":{"id":"msg_2","model":"claude-sonnet-4-5-20250929","role":"assistant","content":[{"type":"tool_use","id":"toolu_2","name":"Bash","input":{"command":"python3 -m unittest","description":"Run the tests"}}],"usage":{"input_tokens":30,"output_tokens":40,"cache_read_input_tokens":1300,"cache_creation_input_tokens":0}},"parent_tool_use_id":null,"session_id":"S2","uuid":"u4"}
				{"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_2","type":"tool_result","content":[{"type":"text","text":"Ran 1 test in 0.000s\\n\\nOK"}],"is_error":false}]},"parent_tool_use_id":null,"session_id":"S2","uuid":"u5"}
				{"type":"assistant","message":{"id":"msg_3","model":"claude-sonnet-4-5-20250929","role":"assistant","content":[{"type":"text","text":"Done: calc.add with a passing test."}],"usage":{"input_tokens":10,"output_tokens":15,"cache_read_input_tokens":1400,"cache_creation_input_tokens":0}},"parent_tool_use_id":null,"session_id":"S2","uuid":"u6"}
				{"type":"result","subtype":"success","is_error":false,"duration_ms":41000,"duration_api_ms":38000,"num_turns":3,"result":"Done: calc.add with a passing test.","session_id":"S2","uuid":"u7","total_cost_usd":0.0213,"usage":{"input_tokens":60,"output_tokens":115,"cache_read_input_tokens":3700,"cache_creation_input_tokens":200,"server_tool_use":{"web_search_requests":0},"service_tier":"standard"},"modelUsage":{"claude-sonnet-4-5-20250929":{"inputTokens":60,"outputTokens":115,"cacheReadInputTokens":3700,"cacheCreationInputTokens":200,"costUSD":0.0213}},"permission_denials":[]}
				JSON
				""");
		CommandProvider provider = new CommandProvider(settings("claude-code", claude, null, List.of()),
				ScriptedCli.serverEnvironment("ANTHROPIC_API_KEY", "sk-ant-test-0123456789", "OPENAI_API_KEY", "sk-openai-x"));

		AgentOutcome outcome = provider.run(ScriptedCli.developerTask(workspace, Duration.ofMinutes(1)), events);

		assertThat(outcome.summary()).isEqualTo("Done: calc.add with a passing test.");
		assertThat(outcome.sessionId()).isEqualTo("S2");
		assertThat(outcome.reportedCostUsd()).isEqualByComparingTo("0.0213");
		assertThat(outcome.model()).isEqualTo("claude-sonnet-4-5-20250929");
		assertThat(outcome.estimated()).isFalse();
		// Input in the ledger's sense: uncached + cache writes + cache reads; the reads are the cached part.
		assertThat(new long[] { outcome.inputTokens(), outcome.outputTokens(), outcome.cachedTokens() })
			.containsExactly(3960, 115, 3700);
		// Reported per message as the run went, then settled to the final total.
		assertThat(events.usage.size()).isGreaterThan(1);
		assertThat(events.totalUsage()).containsExactly(3960, 115, 3700);
		assertThat(outcome.filesWritten()).containsExactly("calc/__init__.py", "tests/__init__.py", "tests/test_calc.py");
		assertThat(events.lines()).contains("tool_call: started Write calc/__init__.py",
				"tool_call: completed Write: File created successfully at: calc/__init__.py",
				"tool_call: started Bash python3 -m unittest", "tool_call: completed Bash: Ran 1 test in 0.000s OK",
				"assistant: Done: calc.add with a passing test.");
		assertThat(events.all()).contains("system: init: model claude-sonnet-4-5-20250929, session S2",
				"result: success after 3 turns in 41.0 s, session S2", "cost reported by the CLI $0.0213");
		List<String> args = cli.args("claude");
		assertThat(args.subList(0, 2)).containsExactly("-p", "Implement stage 1: an add function with a unittest.");
		assertThat(args).containsSequence("--output-format", "stream-json", "--verbose")
			.containsSequence("--permission-mode", "acceptEdits")
			.doesNotContain("--model");
		assertThat(cli.env("claude")).containsEntry("ANTHROPIC_API_KEY", "sk-ant-test-0123456789")
			.doesNotContainKey("OPENAI_API_KEY");
		assertPythonTestsPass();
	}

	@Test
	void claudeCodeErrorReportedAsSuccessSubtypeIsAFailure() throws Exception {
		Path claude = new ScriptedCli(bin).script("claude", """
				cat <<'JSON'
				{"type":"system","subtype":"init","session_id":"S3","model":"claude-sonnet-4-5"}
				{"type":"result","subtype":"success","is_error":true,"duration_ms":900,"num_turns":1,"result":"API Error: 429 rate_limit_error","session_id":"S3","total_cost_usd":0,"usage":{"input_tokens":0,"output_tokens":0}}
				JSON
				""");
		assertThatThrownBy(() -> new CommandProvider(settings("claude-code", claude, "opus", List.of()),
				ScriptedCli.serverEnvironment())
			.run(ScriptedCli.developerTask(workspace, Duration.ofMinutes(1)), events))
			.isInstanceOf(QuantaPilotException.TransientFailure.class)
			.hasMessageContaining("claude-code reported an error (success): API Error: 429 rate_limit_error");
	}

	@Test
	void codexExecJsonlWithTurnUsage() throws Exception {
		ScriptedCli cli = new ScriptedCli(bin);
		Path codex = cli.script("codex", """
				cat <<'JSON'
				{"type":"thread.started","thread_id":"0199a213-81c0-7800-8aa1-bbab2a035a53"}
				{"type":"turn.started"}
				{"type":"item.completed","item":{"id":"item_0","type":"reasoning","text":"**Planning the calculator**"}}
				JSON
				""" + ScriptedCli.WRITE_PYTHON_PROJECT + """
				cat <<'JSON'
				{"type":"item.completed","item":{"id":"item_1","type":"file_change","changes":[{"path":"calc/__init__.py","kind":"add"},{"path":"tests/test_calc.py","kind":"add"}],"status":"completed"}}
				{"type":"item.started","item":{"id":"item_2","type":"command_execution","command":"bash -lc 'python3 -m unittest'","aggregated_output":"","exit_code":null,"status":"in_progress"}}
				{"type":"item.completed","item":{"id":"item_2","type":"command_execution","command":"bash -lc 'python3 -m unittest'","aggregated_output":"Ran 1 test\\nOK\\n","exit_code":0,"status":"completed"}}
				{"type":"item.completed","item":{"id":"item_3","type":"agent_message","text":"All tests green."}}
				{"type":"turn.completed","usage":{"input_tokens":24000,"cached_input_tokens":20000,"output_tokens":500}}
				JSON
				""");
		AgentOutcome outcome = new CommandProvider(settings("codex", codex, "gpt-5-codex", List.of()),
				ScriptedCli.serverEnvironment("CODEX_API_KEY", "codex-key-0123456789"))
			.run(ScriptedCli.developerTask(workspace, Duration.ofMinutes(1)), events);

		assertThat(outcome.summary()).isEqualTo("All tests green.");
		// Codex's thread id is its session (what `codex exec resume` takes); it reports no cost.
		assertThat(outcome.sessionId()).isEqualTo("0199a213-81c0-7800-8aa1-bbab2a035a53");
		assertThat(outcome.reportedCostUsd()).isNull();
		assertThat(outcome.model()).isEqualTo("gpt-5-codex");
		assertThat(outcome.estimated()).isFalse();
		assertThat(new long[] { outcome.inputTokens(), outcome.outputTokens(), outcome.cachedTokens() })
			.containsExactly(24000, 500, 20000);
		assertThat(outcome.filesWritten()).containsExactly("calc/__init__.py", "tests/__init__.py", "tests/test_calc.py");
		assertThat(events.lines()).contains("system: thread 0199a213-81c0-7800-8aa1-bbab2a035a53 started",
				"tool_call: completed file change: add calc/__init__.py, add tests/test_calc.py",
				"tool_call: completed command: bash -lc 'python3 -m unittest' (exit code 0): Ran 1 test OK",
				"assistant: All tests green.");
		List<String> args = cli.args("codex");
		assertThat(args.subList(0, 2)).containsExactly("exec", "--json");
		assertThat(args).containsSequence("--sandbox", "workspace-write")
			.contains("--skip-git-repo-check")
			.containsSequence("--cd", workspace.toAbsolutePath().toString())
			.containsSequence("--model", "gpt-5-codex");
		assertThat(args.get(args.size() - 1)).isEqualTo("Implement stage 1: an add function with a unittest.");
		assertThat(cli.env("codex")).containsEntry("CODEX_API_KEY", "codex-key-0123456789");
		assertPythonTestsPass();
	}

	@Test
	void codexFailedTurnIsAFailureEvenWithExitZero() throws Exception {
		Path codex = new ScriptedCli(bin).script("codex", """
				cat <<'JSON'
				{"type":"thread.started","thread_id":"T1"}
				{"type":"turn.started"}
				{"type":"error","message":"Reconnecting... 1/5"}
				{"type":"turn.failed","error":{"message":"stream error: model at capacity"}}
				JSON
				exit 0
				""");
		assertThatThrownBy(() -> new CommandProvider(settings("codex", codex, null, List.of()),
				ScriptedCli.serverEnvironment())
			.run(ScriptedCli.developerTask(workspace, Duration.ofMinutes(1)), events))
			.isInstanceOf(QuantaPilotException.TransientFailure.class)
			.hasMessage("codex turn failed: stream error: model at capacity");
		assertThat(events.lines()).contains("error: Reconnecting... 1/5");
	}

	@Test
	void aiderPlainTextWithItsTokenReport() throws Exception {
		ScriptedCli cli = new ScriptedCli(bin);
		Path aider = cli.script("aider", """
				echo 'Aider v0.86.1'
				echo 'Main model: gpt-4o with diff edit format'
				echo 'Git repo: .git with 0 files'
				echo 'Repo-map: using 1024 tokens, auto refresh'
				""" + ScriptedCli.WRITE_PYTHON_PROJECT + """
				echo 'calc/__init__.py'
				echo 'Applied edit to calc/__init__.py'
				echo 'Applied edit to tests/test_calc.py'
				echo 'Tokens: 2.3k sent, 1.1k cache hit, 150 received. Cost: $0.01 message, $0.01 session.'
				""");
		AgentOutcome outcome = new CommandProvider(settings("aider", aider, null, List.of()),
				ScriptedCli.serverEnvironment("OPENAI_API_KEY", "sk-openai-0123456789", "ANTHROPIC_API_KEY", ""))
			.run(ScriptedCli.developerTask(workspace, Duration.ofMinutes(1)), events);

		assertThat(outcome.model()).isEqualTo("gpt-4o");
		// Aider rounds to thousands: counted, but marked as estimated.
		assertThat(outcome.estimated()).isTrue();
		assertThat(new long[] { outcome.inputTokens(), outcome.outputTokens(), outcome.cachedTokens() })
			.containsExactly(3400, 150, 1100);
		assertThat(outcome.summary()).contains("Applied edit to tests/test_calc.py");
		assertThat(outcome.filesWritten()).containsExactly("calc/__init__.py", "tests/__init__.py", "tests/test_calc.py");
		assertThat(events.lines()).contains("output: Applied edit to calc/__init__.py");
		List<String> args = cli.args("aider");
		assertThat(args.subList(0, 2)).containsExactly("--message", "Implement stage 1: an add function with a unittest.");
		assertThat(args).contains("--yes-always", "--no-auto-commits", "--no-dirty-commits", "--no-pretty");
		assertPythonTestsPass();
	}

	@Test
	void aiderWithoutTokenReportIsEstimatedAndItsFailureCarriesItsOutput() throws Exception {
		Path aider = new ScriptedCli(bin).script("aider", """
				echo 'Model: ollama/qwen2.5-coder with whole edit format'
				echo 'litellm.APIConnectionError: OllamaException - connection refused' >&2
				exit 1
				""");
		assertThatThrownBy(() -> new CommandProvider(settings("aider", aider, "ollama/qwen2.5-coder", List.of()),
				ScriptedCli.serverEnvironment())
			.run(ScriptedCli.developerTask(workspace, Duration.ofMinutes(1)), events))
			.isInstanceOf(QuantaPilotException.TransientFailure.class)
			.hasMessageContaining("aider failed (exit code 1)")
			.hasMessageContaining("connection refused");
		assertThat(events.estimated).containsExactly(true);
	}

	@Test
	void geminiStreamJsonWithStats() throws Exception {
		ScriptedCli cli = new ScriptedCli(bin);
		Path gemini = cli.script("gemini", """
				cat <<'JSON'
				{"type":"init","timestamp":"2025-10-10T12:00:00.000Z","session_id":"G1","model":"gemini-2.5-pro"}
				{"type":"message","timestamp":"2025-10-10T12:00:00.001Z","role":"user","content":"Implement stage 1"}
				{"type":"tool_use","timestamp":"2025-10-10T12:00:01.000Z","tool_name":"write_file","tool_id":"write-1","parameters":{"file_path":"calc/__init__.py","content":"def add(a, b):\\n    return a + b\\n"}}
				JSON
				""" + ScriptedCli.WRITE_PYTHON_PROJECT + """
				cat <<'JSON'
				{"type":"tool_result","timestamp":"2025-10-10T12:00:01.100Z","tool_id":"write-1","status":"success","output":"Successfully created and wrote to new file: calc/__init__.py."}
				{"type":"tool_use","timestamp":"2025-10-10T12:00:02.000Z","tool_name":"run_shell_command","tool_id":"shell-1","parameters":{"command":"python3 -m unittest"}}
				{"type":"tool_result","timestamp":"2025-10-10T12:00:02.500Z","tool_id":"shell-1","status":"error","output":"","error":{"type":"shell_error","message":"exit code 1"}}
				{"type":"error","timestamp":"2025-10-10T12:00:02.600Z","severity":"warning","message":"Loop detection is off"}
				{"type":"message","timestamp":"2025-10-10T12:00:03.000Z","role":"assistant","content":"calc.add is in place ","delta":true}
				{"type":"message","timestamp":"2025-10-10T12:00:03.100Z","role":"assistant","content":"with its test.","delta":true}
				{"type":"result","timestamp":"2025-10-10T12:00:03.200Z","status":"success","stats":{"total_tokens":9300,"input_tokens":9000,"output_tokens":300,"cached":6000,"input":3000,"duration_ms":3200,"tool_calls":2}}
				JSON
				""");
		AgentOutcome outcome = new CommandProvider(settings("gemini", gemini, null, List.of()),
				ScriptedCli.serverEnvironment("GEMINI_API_KEY", "gemini-key-0123456789"))
			.run(ScriptedCli.developerTask(workspace, Duration.ofMinutes(1)), events);

		assertThat(outcome.summary()).isEqualTo("calc.add is in place with its test.");
		assertThat(outcome.model()).isEqualTo("gemini-2.5-pro");
		assertThat(outcome.estimated()).isFalse();
		assertThat(new long[] { outcome.inputTokens(), outcome.outputTokens(), outcome.cachedTokens() })
			.containsExactly(9000, 300, 6000);
		assertThat(outcome.filesWritten()).containsExactly("calc/__init__.py", "tests/__init__.py", "tests/test_calc.py");
		assertThat(events.lines()).contains("system: init: model gemini-2.5-pro, session G1",
				"tool_call: started write_file calc/__init__.py",
				"tool_call: completed write_file: Successfully created and wrote to new file: calc/__init__.py.",
				"tool_call: failed run_shell_command: shell_error: exit code 1", "warning: Loop detection is off",
				"assistant: calc.add is in place with its test.");
		List<String> args = cli.args("gemini");
		assertThat(args.subList(0, 2)).containsExactly("-p", "Implement stage 1: an add function with a unittest.");
		assertThat(args).containsSequence("--output-format", "stream-json").contains("--yolo");
		assertThat(cli.env("gemini")).containsEntry("GEMINI_API_KEY", "gemini-key-0123456789");
		assertPythonTestsPass();
	}

	@Test
	void customTemplatePassesThePromptAsOneArgumentWithoutAShell() throws Exception {
		ScriptedCli cli = new ScriptedCli(bin);
		Path tool = cli.script("my-agent", ScriptedCli.WRITE_PYTHON_PROJECT + "echo 'wrote calc and its test'\n");
		String prompt = "Fix it; don't \"quote\" me: $(touch pwned) `touch pwned2` && rm -rf / | cat";
		CommandSettings custom = new CommandSettings("custom", null, tool + " --dir {workspace} --model {model}"
				+ " --task={prompt} --label 'two words'", null, null, Duration.ofHours(2), List.of(), List.of("MY_AGENT_*"),
				Map.of("MY_AGENT_TOKEN", "fixed-token-0123456789"), Duration.ofSeconds(1), Duration.ofSeconds(1),
				StuckThresholds.defaults());
		var task = ScriptedCli.developerTask(workspace, Duration.ofMinutes(1));
		task = new io.quantapilot.agents.spi.AgentTask(task.projectId(), 1, task.role(), workspace, task.readme(), "", "",
				prompt, null, Duration.ofMinutes(1));

		AgentOutcome outcome = new CommandProvider(custom,
				ScriptedCli.serverEnvironment("MY_AGENT_URL", "http://localhost:1234", "OTHER", "x"))
			.run(task, events);

		// No model: the option and its placeholder are dropped; the prompt is one argument, untouched.
		assertThat(cli.args("my-agent")).containsExactly("--dir", workspace.toAbsolutePath().toString(),
				"--task=" + prompt, "--label", "two words");
		assertThat(workspace.resolve("pwned")).doesNotExist();
		assertThat(cli.env("my-agent")).containsEntry("MY_AGENT_TOKEN", "fixed-token-0123456789")
			.containsEntry("MY_AGENT_URL", "http://localhost:1234")
			.doesNotContainKey("OTHER");
		assertThat(outcome.summary()).isEqualTo("wrote calc and its test");
		assertThat(outcome.estimated()).isTrue();
		assertThat(outcome.filesWritten()).containsExactly("calc/__init__.py", "tests/__init__.py", "tests/test_calc.py");
		assertThat(events.all()).doesNotContain("fixed-token-0123456789");
		assertPythonTestsPass();
	}

	@Test
	void missingPresetTemplateOrBinaryIsAClearConfigurationError() throws Exception {
		assertThat(new CommandProvider(settings(null, null, null, List.of()), ScriptedCli.serverEnvironment()).check()
			.message()).contains("quantapilot.agents.command.preset is not set");
		assertThat(new CommandProvider(settings("cline", null, null, List.of()), ScriptedCli.serverEnvironment()).check()
			.message()).contains("unknown preset 'cline'", "claude-code, codex, aider, gemini, custom");
		assertThat(new CommandProvider(settings("custom", null, null, List.of()), ScriptedCli.serverEnvironment()).check()
			.message()).contains("needs quantapilot.agents.command.template");

		CommandProvider missing = new CommandProvider(settings("codex", null, null, List.of()), Map.of("PATH", bin.toString()));
		assertThat(missing.check().ok()).isFalse();
		assertThat(missing.check().message()).contains("'codex' was not found");
		assertThatThrownBy(() -> missing.run(ScriptedCli.developerTask(workspace, Duration.ofMinutes(1)), events))
			.isInstanceOf(QuantaPilotException.InvalidRequest.class)
			.hasMessageContaining("'codex' was not found");

		Path claude = new ScriptedCli(bin).script("claude", "exit 0");
		ProviderCheck found = new CommandProvider(settings("claude-code", null, null, List.of()),
				Map.of("PATH", bin.toString(), "ANTHROPIC_API_KEY", "sk-ant-0123456789"))
			.check();
		assertThat(found).isEqualTo(new ProviderCheck("command", true,
				"claude-code at " + claude + "; credentials from ANTHROPIC_API_KEY"));
	}

	private void assertPythonTestsPass() throws Exception {
		String[] tests = ScriptedCli.runPythonTests(workspace);
		assertThat(tests[0]).as(tests[1]).isEqualTo("0");
		assertThat(tests[1]).contains("test_adds_two_numbers", "OK");
	}

	static CommandSettings settings(String preset, Path command, String model, List<String> extraArgs) {
		return new CommandSettings(preset, command != null ? command.toString() : null, null, null, model,
				Duration.ofHours(2), extraArgs, List.of(), Map.of(), Duration.ofSeconds(1), Duration.ofSeconds(1),
				StuckThresholds.defaults());
	}

}
