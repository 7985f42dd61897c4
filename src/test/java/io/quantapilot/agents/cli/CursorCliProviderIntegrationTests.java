package io.quantapilot.agents.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.quantapilot.agents.spi.AgentOutcome;
import io.quantapilot.agents.spi.ProviderCheck;
import io.quantapilot.common.ProcessTree;
import io.quantapilot.common.QuantaPilotException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The {@code cursor-cli} provider against scripted {@code agent} executables that print the CLI's documented
 * stream-json events and write real files: the event log, usage, written files, the lingering-process hang,
 * timeout, cancellation, stuck runs, and configuration and process errors.
 */
class CursorCliProviderIntegrationTests {

	private static final String KEY = "cursor_test_key_0123456789abcdef";

	private static final String INIT = """
			{"type":"system","subtype":"init","apiKeySource":"env","cwd":"/w","session_id":"S1","model":"GPT-5","permissionMode":"default"}
			""";

	@TempDir
	Path bin;

	@TempDir
	Path workspace;

	private final ScriptedCli.RecordedEvents events = new ScriptedCli.RecordedEvents();

	@Test
	void streamBecomesTheEventLogAndTheWrittenProjectPassesItsTests() throws Exception {
		ScriptedCli cli = new ScriptedCli(bin);
		Path agent = cli.script("agent", "cat <<'JSON'\n" + INIT + """
				{"type":"user","message":{"role":"user","content":[{"type":"text","text":"Implement stage 1"}]},"session_id":"S1"}
				{"type":"assistant","message":{"role":"assistant","content":[{"type":"text","text":"I will write calc and its test."}]},"session_id":"S1"}
				{"type":"tool_call","subtype":"started","call_id":"c1","tool_call":{"writeToolCall":{"args":{"path":"calc/__init__.py","fileText":"def add(a, b):\\n    return a + b\\n","toolCallId":"t1"}}},"session_id":"S1"}
				JSON
				""" + ScriptedCli.WRITE_PYTHON_PROJECT + """
				cat <<'JSON'
				{"type":"tool_call","subtype":"completed","call_id":"c1","tool_call":{"writeToolCall":{"args":{"path":"calc/__init__.py","fileText":"def add(a, b):\\n    return a + b\\n","toolCallId":"t1"},"result":{"success":{"path":"calc/__init__.py","linesCreated":2,"fileSize":35}}}},"session_id":"S1"}
				{"type":"tool_call","subtype":"started","call_id":"c2","tool_call":{"shellToolCall":{"args":{"command":"python3 -m unittest"}}},"session_id":"S1"}
				{"type":"tool_call","subtype":"completed","call_id":"c2","tool_call":{"shellToolCall":{"args":{"command":"python3 -m unittest"},"result":{"success":{"exitCode":0,"stdout":"OK"}}}},"session_id":"S1"}
				{"type":"some_future_event","payload":{"x":1}}
				{"type":"assistant","message":{"role":"assistant","content":[{"type":"text","text":"Added calc.add with a passing unittest."}]},"session_id":"S1","new_field":true}
				{"type":"result","subtype":"success","is_error":false,"duration_ms":9100,"duration_api_ms":9100,"result":"Added calc.add with a passing unittest.","session_id":"S1","request_id":"R1"}
				JSON
				""");
		CursorCliProvider provider = new CursorCliProvider(settings(agent, KEY, "gpt-5", Duration.ofSeconds(5)),
				ScriptedCli.serverEnvironment("QP_DATABASE_PASSWORD", "db-secret-value", "OPENAI_API_KEY", "sk-other-provider"));

		AgentOutcome outcome = provider.run(ScriptedCli.developerTask(workspace, Duration.ofMinutes(1)), events);

		assertThat(outcome.summary()).isEqualTo("Added calc.add with a passing unittest.");
		assertThat(outcome.model()).isEqualTo("gpt-5");
		assertThat(outcome.filesWritten()).containsExactly("calc/__init__.py", "tests/__init__.py", "tests/test_calc.py");
		// The CLI reported no token counts: estimated from the text, and marked so.
		assertThat(outcome.estimated()).isTrue();
		assertThat(outcome.inputTokens()).isPositive();
		assertThat(outcome.outputTokens()).isPositive();
		assertThat(events.estimated).containsExactly(true);
		assertThat(events.lines()).contains("system: init: model GPT-5, session S1, permission mode default, "
				+ "API key from env, cwd /w", "user: prompt: Implement stage 1",
				"assistant: I will write calc and its test.", "tool_call: started write calc/__init__.py",
				"tool_call: completed write calc/__init__.py: 2 lines, 35 bytes",
				"tool_call: completed shell python3 -m unittest: exit code 0",
				"assistant: Added calc.add with a passing unittest.",
				"files: 3 files written: calc/__init__.py, tests/__init__.py, tests/test_calc.py");
		assertThat(events.all()).contains("result: success in 9.1 s (model time 9.1 s), session S1, no token counts",
				"some_future_event: {\"type\":\"some_future_event\"");
		// The documented headless invocation; the prompt is the last argument, the key only in the environment.
		List<String> args = cli.args("agent");
		assertThat(args.subList(0, 3)).containsExactly("-p", "--output-format", "stream-json");
		assertThat(args).contains("--trust", "--force", "--approve-mcps").containsSequence("--workspace",
				workspace.toAbsolutePath().toString()).containsSequence("--model", "gpt-5");
		assertThat(args.get(args.size() - 1)).isEqualTo("Implement stage 1: an add function with a unittest.");
		assertThat(String.join(" ", args)).doesNotContain(KEY);
		Map<String, String> env = cli.env("agent");
		assertThat(env).containsEntry("CURSOR_API_KEY", KEY).doesNotContainKeys("QP_DATABASE_PASSWORD", "OPENAI_API_KEY");
		assertThat(events.all()).doesNotContain(KEY).contains("running agent -p --output-format stream-json");

		String[] tests = ScriptedCli.runPythonTests(workspace);
		assertThat(tests[0]).as(tests[1]).isEqualTo("0");
		assertThat(tests[1]).contains("test_adds_two_numbers", "OK");
	}

	@Test
	void reportedUsageIsTakenAsIsWithCacheReadsInsideTheInput() throws Exception {
		ScriptedCli cli = new ScriptedCli(bin);
		Path agent = cli.script("agent", "cat <<'JSON'\n" + INIT + """
				{"type":"result","subtype":"success","is_error":false,"duration_ms":1200,"duration_api_ms":1100,"result":"Nothing to change.","session_id":"S1","usage":{"inputTokens":5200,"outputTokens":310,"cacheReadTokens":4000,"cacheWriteTokens":100}}
				JSON
				""");
		AgentOutcome outcome = new CursorCliProvider(settings(agent, KEY, null, Duration.ofSeconds(5)),
				ScriptedCli.serverEnvironment())
			.run(ScriptedCli.developerTask(workspace, Duration.ofMinutes(1)), events);

		assertThat(outcome.estimated()).isFalse();
		assertThat(new long[] { outcome.inputTokens(), outcome.outputTokens(), outcome.cachedTokens() })
			.containsExactly(5200, 310, 4000);
		assertThat(events.totalUsage()).containsExactly(5200, 310, 4000);
		assertThat(events.estimated).containsOnly(false);
		// Without a model asked for, the CLI's report names it.
		assertThat(outcome.model()).isEqualTo("GPT-5");
		assertThat(outcome.filesWritten()).isEmpty();
		assertThat(cli.args("agent")).doesNotContain("--model");
	}

	@Test
	void theResultEventEndsTheRunWhenTheProcessLingers() throws Exception {
		ScriptedCli cli = new ScriptedCli(bin);
		Path pid = bin.resolve("sleeper.pid");
		Path agent = cli.script("agent", "cat <<'JSON'\n" + INIT + """
				{"type":"result","subtype":"success","is_error":false,"duration_ms":800,"duration_api_ms":800,"result":"Done.","session_id":"S1"}
				JSON
				sleep 300 &
				echo $! > '%s'
				wait
				""".formatted(pid));
		long started = System.nanoTime();
		AgentOutcome outcome = new CursorCliProvider(settings(agent, KEY, null, Duration.ofSeconds(1)),
				ScriptedCli.serverEnvironment())
			.run(ScriptedCli.developerTask(workspace, Duration.ofMinutes(5)), events);

		// Far below the script's 300 s (and loose enough for a loaded machine).
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
		assertThat(outcome.summary()).isEqualTo("Done.");
		assertThat(events.all()).contains("kept running 1s after its final event; its process tree was stopped");
		assertThat(ScriptedCli.running(pid)).isFalse();
	}

	@Test
	void timeoutStopsTheWholeProcessTree() throws Exception {
		ScriptedCli cli = new ScriptedCli(bin);
		Path child = bin.resolve("child.pid");
		Path self = bin.resolve("self.pid");
		Path agent = cli.script("agent", "echo $$ > '%s'\nsleep 300 &\necho $! > '%s'\ncat <<'JSON'\n%sJSON\nwait\n"
			.formatted(self, child, INIT));
		CursorCliProvider provider = new CursorCliProvider(settings(agent, KEY, null, Duration.ofSeconds(1)),
				ScriptedCli.serverEnvironment());

		assertThatThrownBy(() -> provider.run(ScriptedCli.developerTask(workspace, Duration.ofSeconds(2)), events))
			.isInstanceOf(QuantaPilotException.TransientFailure.class)
			.hasMessageContaining("timed out after 2s");
		assertThat(ScriptedCli.running(self)).isFalse();
		assertThat(ScriptedCli.running(child)).isFalse();
		assertThat(events.all()).contains("timed out after 2s; its process tree was stopped");
		// Tokens were spent even though nothing finished: the estimate reaches the ledger.
		assertThat(events.estimated).containsExactly(true);
	}

	@Test
	void interruptCancelsTheRunAndStopsTheWholeProcessTree() throws Exception {
		ScriptedCli cli = new ScriptedCli(bin);
		Path child = bin.resolve("child.pid");
		Path agent = cli.script("agent", "sleep 300 &\necho $! > '%s'\ncat <<'JSON'\n%sJSON\nwait\n".formatted(child, INIT));
		CursorCliProvider provider = new CursorCliProvider(settings(agent, KEY, null, Duration.ofSeconds(1)),
				ScriptedCli.serverEnvironment());
		AtomicReference<Thread> runner = new AtomicReference<>();
		CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
			runner.set(Thread.currentThread());
			try {
				provider.run(ScriptedCli.developerTask(workspace, Duration.ofMinutes(5)), events);
				return null;
			}
			catch (Exception ex) {
				return ex;
			}
		});
		await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(child) && events.all().contains("init"));

		runner.get().interrupt();

		assertThat(failure.get(60, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
		assertThat(ScriptedCli.running(child)).isFalse();
		assertThat(events.all()).contains("cancelled: the cursor-cli process tree was stopped");
	}

	@Test
	void theSameActionWithTheSameResultRepeatedStopsTheRunAsStuck() throws Exception {
		ScriptedCli cli = new ScriptedCli(bin);
		String read = """
				{"type":"tool_call","subtype":"started","call_id":"c%1$d","tool_call":{"readToolCall":{"args":{"path":"README.md"}}},"session_id":"S1"}
				{"type":"tool_call","subtype":"completed","call_id":"c%1$d","tool_call":{"readToolCall":{"args":{"path":"README.md"},"result":{"success":{"content":"# Calc","totalLines":1}}}},"session_id":"S1"}
				""";
		StringBuilder stream = new StringBuilder(INIT);
		for (int i = 1; i <= 6; i++) {
			stream.append(read.formatted(i));
		}
		Path agent = cli.script("agent", "cat <<'JSON'\n" + stream + "JSON\nsleep 300\n");
		CursorCliProvider provider = new CursorCliProvider(settings(agent, KEY, null, Duration.ofSeconds(1)),
				ScriptedCli.serverEnvironment());
		long started = System.nanoTime();

		assertThatThrownBy(() -> provider.run(ScriptedCli.developerTask(workspace, Duration.ofMinutes(5)), events))
			.isInstanceOf(AgentStuckException.class)
			.isInstanceOf(QuantaPilotException.TransientFailure.class)
			.hasMessage("stuck: the same action with the same result 4 times: read {\"path\":\"README.md\"}");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
		assertThat(events.all()).contains("stuck: the same action with the same result 4 times");
	}

	@Test
	void nonZeroExitWithoutResultIsATransientFailureWithTheErrorOutput() throws Exception {
		ScriptedCli cli = new ScriptedCli(bin);
		Path agent = cli.script("agent", "cat <<'JSON'\n" + INIT
				+ "JSON\necho 'Error: connection reset by peer (api2.cursor.sh)' >&2\nexit 3\n");

		assertThatThrownBy(() -> new CursorCliProvider(settings(agent, KEY, null, Duration.ofSeconds(1)),
				ScriptedCli.serverEnvironment())
			.run(ScriptedCli.developerTask(workspace, Duration.ofMinutes(1)), events))
			.isInstanceOf(QuantaPilotException.TransientFailure.class)
			.hasMessageContaining("cursor-cli failed (exit code 3) without a result")
			.hasMessageContaining("connection reset by peer");
		assertThat(events.all()).contains("stderr: Error: connection reset by peer");
	}

	@Test
	void exitZeroWithoutResultIsNotTakenForSuccess() throws Exception {
		ScriptedCli cli = new ScriptedCli(bin);
		Path agent = cli.script("agent", "cat <<'JSON'\n" + INIT + "JSON\n");

		assertThatThrownBy(() -> new CursorCliProvider(settings(agent, KEY, null, Duration.ofSeconds(1)),
				ScriptedCli.serverEnvironment())
			.run(ScriptedCli.developerTask(workspace, Duration.ofMinutes(1)), events))
			.isInstanceOf(QuantaPilotException.TransientFailure.class)
			.hasMessageContaining("ended (exit code 0) without a result event");
	}

	@Test
	void rejectedAuthenticationIsAConfigurationError() throws Exception {
		ScriptedCli cli = new ScriptedCli(bin);
		Path agent = cli.script("agent", "echo 'Authentication required. Please run agent login or set CURSOR_API_KEY' >&2\nexit 1\n");

		assertThatThrownBy(() -> new CursorCliProvider(settings(agent, KEY, null, Duration.ofSeconds(1)),
				ScriptedCli.serverEnvironment())
			.run(ScriptedCli.developerTask(workspace, Duration.ofMinutes(1)), events))
			.isInstanceOf(QuantaPilotException.InvalidRequest.class)
			.hasMessageContaining("could not authenticate");
	}

	@Test
	void missingBinaryOrKeyIsAClearConfigurationError() throws Exception {
		CursorCliProvider noBinary = new CursorCliProvider(
				settings(bin.resolve("no-such-agent"), KEY, null, Duration.ofSeconds(1)), ScriptedCli.serverEnvironment());
		assertThat(noBinary.check().ok()).isFalse();
		assertThat(noBinary.check().message()).contains("no-such-agent", "was not found");
		assertThatThrownBy(() -> noBinary.run(ScriptedCli.developerTask(workspace, Duration.ofMinutes(1)), events))
			.isInstanceOf(QuantaPilotException.InvalidRequest.class)
			.hasMessageContaining("was not found");

		// Nothing configured and nothing on the PATH: both names are tried and named.
		CursorCliProvider nothingInstalled = new CursorCliProvider(settings(null, KEY, null, Duration.ofSeconds(1)),
				Map.of("PATH", bin.toString()));
		assertThat(nothingInstalled.check().message()).contains("neither 'agent' nor 'cursor-agent'");

		Path agent = new ScriptedCli(bin).script("cursor-agent", "exit 0");
		CursorCliProvider noKey = new CursorCliProvider(settings(null, null, null, Duration.ofSeconds(1)),
				Map.of("PATH", bin.toString()));
		assertThat(noKey.check().ok()).isFalse();
		assertThat(noKey.check().message()).contains("no Cursor API key", "quantapilot.agents.cursor-cli.api-key");
		assertThatThrownBy(() -> noKey.run(ScriptedCli.developerTask(workspace, Duration.ofMinutes(1)), events))
			.isInstanceOf(QuantaPilotException.InvalidRequest.class)
			.hasMessageContaining("no Cursor API key");

		// The older binary name is the fallback, and the server's own CURSOR_API_KEY counts.
		CursorCliProvider fallback = new CursorCliProvider(settings(null, null, null, Duration.ofSeconds(1)),
				Map.of("PATH", bin.toString(), "CURSOR_API_KEY", KEY));
		assertThat(fallback.check()).isEqualTo(new ProviderCheck("cursor-cli", true, "Cursor CLI at " + agent
				+ ", API key from the environment (CURSOR_API_KEY), model the CLI's default"));
		assertThat(fallback.check().message()).doesNotContain(KEY);
	}

	static CursorCliSettings settings(Path command, String key, String model, Duration grace) {
		return new CursorCliSettings(command != null ? command.toString() : null, key, model, Duration.ofHours(2),
				List.of(), List.of(), grace, Duration.ofSeconds(1), StuckThresholds.defaults());
	}

}
