package io.quantapilot.agents.openai;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.quantapilot.agents.AgentRole;
import io.quantapilot.agents.RecordingEvents;
import io.quantapilot.agents.http.CircuitBreaker;
import io.quantapilot.agents.http.CircuitBreakerSettings;
import io.quantapilot.agents.spi.ProviderCheck;
import io.quantapilot.agents.http.RetrySettings;
import io.quantapilot.agents.spi.AgentOutcome;
import io.quantapilot.agents.spi.AgentTask;
import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.quality.NoSandbox;
import io.quantapilot.quality.Sandbox;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.quantapilot.agents.openai.ChatCompletionsStandIn.call;
import static io.quantapilot.agents.openai.ChatCompletionsStandIn.withoutUsage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code openai} provider against an OpenAI-compatible stand-in that answers with scripted tool calls, so
 * that files really get written, commands really run (in the real sandbox) and tests really pass.
 */
class OpenAiProviderIntegrationTests {

	private static final Sandbox SANDBOX = Sandbox.detect();

	@TempDir
	Path tmp;

	private Path workspace;

	private ChatCompletionsStandIn standIn;

	private final RecordingEvents events = new RecordingEvents();

	@BeforeEach
	void start() throws Exception {
		standIn = new ChatCompletionsStandIn();
		workspace = Files.createDirectories(tmp.resolve("workspace"));
	}

	@AfterEach
	void stop() {
		standIn.close();
	}

	@Test
	void writesASmallPythonProjectWhoseTestsThenPass() throws Exception {
		String test = """
				import unittest
				from calc.ops import add

				class AddTest(unittest.TestCase):
				    def test_adds(self):
				        self.assertEqual(add(2, 3), 5)

				if __name__ == "__main__":
				    unittest.main()
				""";
		String tests = "python3 -m unittest discover -s tests -t .";
		standIn.turns(standIn.toolCalls(1200, 40, 0, call("list_files")),
				standIn.toolCalls(1400, 300, 1024, call("write_file", "path", "calc/__init__.py", "content", ""),
						call("write_file", "path", "calc/ops.py", "content", "def add(a, b):\n    return a - b\n"),
						call("write_file", "path", "tests/__init__.py", "content", ""),
						call("write_file", "path", "tests/test_ops.py", "content", test)),
				standIn.toolCalls(1900, 30, 1280, call("run_command", "command", tests)),
				standIn.toolCalls(2300, 60, 1792, call("edit_file", "path", "calc/ops.py", "search", "return a - b",
						"replace", "return a + b")),
				standIn.toolCalls(2400, 30, 2048, call("run_command", "command", tests)),
				standIn.toolCalls(2600, 20, 2304, call("finish", "summary", "Added calc.add with a passing test.")));

		AgentOutcome outcome = provider(settings(standIn.baseUrl(), "sk-test"), SANDBOX).run(task(), events);

		assertThat(outcome.summary()).isEqualTo("Added calc.add with a passing test.");
		assertThat(outcome.model()).isEqualTo("stand-in-model");
		assertThat(outcome.filesWritten()).contains("calc/__init__.py", "calc/ops.py", "tests/__init__.py",
				"tests/test_ops.py");
		assertThat(outcome.inputTokens()).isEqualTo(1200 + 1400 + 1900 + 2300 + 2400 + 2600);
		assertThat(outcome.outputTokens()).isEqualTo(40 + 300 + 30 + 60 + 30 + 20);
		assertThat(outcome.cachedTokens()).isEqualTo(1024 + 1280 + 1792 + 2048 + 2304);
		assertThat(outcome.estimated()).isFalse();
		assertThat(events.usages()).hasSize(6).allSatisfy(u -> assertThat(u.estimated()).isFalse());
		assertThat(events.usages().get(2)).isEqualTo(new RecordingEvents.Usage(1900, 30, 1280, false));

		// The model saw the failing run, its edit, and the passing run.
		List<String> results = standIn.lastChatRequest().toolResults();
		assertThat(results.get(5)).startsWith("error: exit code 1").contains("FAILED");
		assertThat(results.get(6)).isEqualTo("edited calc/ops.py (1 replacement)");
		assertThat(results.get(7)).startsWith("exit code 0").contains("Ran 1 test", "OK");
		assertThat(events.messages("system").get(0)).contains("model stand-in-model", SANDBOX.name());

		// The protocol: bearer key, the tools, the system prompt, tool results answering each call id.
		ChatCompletionsStandIn.Request last = standIn.lastChatRequest();
		assertThat(last.header("Authorization")).isEqualTo("Bearer sk-test");
		assertThat(last.body().path("tools").findValuesAsString("name")).containsExactly("list_files", "read_file",
				"write_file", "edit_file", "run_command", "finish");
		assertThat(last.body().path("messages").get(0).path("role").asString()).isEqualTo("system");
		assertThat(last.userPrompt()).contains("developer", "stage 1", ".quantapilot/plan.json", "# Calc");

		// Independently: the generated project's tests pass.
		Process run = new ProcessBuilder("python3", "-m", "unittest", "discover", "-s", "tests", "-t", ".")
			.directory(workspace.toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(run.getInputStream().readAllBytes());
		assertThat(run.waitFor()).as(output).isZero();
		assertThat(output).contains("OK");
	}

	@Test
	void waitsForRetryAfterOnA429ThenSucceeds() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		ChatCompletionsStandIn.Reply finish = standIn.toolCalls(100, 10, 0, call("finish", "summary", "done"));
		standIn.script(request -> calls.getAndIncrement() == 0
				? ChatCompletionsStandIn.error(429, "Rate limit reached", "Retry-After", "1") : finish);

		long start = System.nanoTime();
		AgentOutcome outcome = provider(settings(standIn.baseUrl(), "sk-test"), NoSandbox.INSTANCE).run(task(), events);

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		assertThat(outcome.summary()).isEqualTo("done");
		assertThat(standIn.chatRequests()).hasSize(2);
		assertThat(events.messages("retry")).singleElement()
			.asString()
			.contains("HTTP 429", "Rate limit reached", "retrying in 1.0 s", "attempt 2 of 3");
	}

	@Test
	void anOutageOpensTheCircuitAndLaterRunsFailFast() throws Exception {
		standIn.script(request -> ChatCompletionsStandIn.error(503, "overloaded"));
		OpenAiSettings base = settings(standIn.baseUrl(), "sk-test");
		OpenAiSettings settings = new OpenAiSettings(base.baseUrl(), base.apiKey(), base.model(), base.maxTurns(), 0,
				base.requestTimeout(), base.connectTimeout(), base.maxOutputBytes(), base.commandTimeout(), base.stuck(),
				new RetrySettings(2, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1)),
				new CircuitBreakerSettings(3, Duration.ofMinutes(5)));
		OpenAiAgentProvider provider = provider(settings, NoSandbox.INSTANCE);

		assertThatThrownBy(() -> provider.run(task(), events)).isInstanceOf(QuantaPilotException.TransientFailure.class)
			.hasMessageContaining("HTTP 503")
			.hasMessageContaining("gave up after 2 attempts");
		assertThat(provider.breaker().state()).isEqualTo(CircuitBreaker.State.CLOSED);
		// The third consecutive failure opens the circuit; the retry then fails fast.
		assertThatThrownBy(() -> provider.run(task(), events)).isInstanceOf(QuantaPilotException.TransientFailure.class)
			.hasMessageContaining("openai provider unavailable: circuit open after 3 consecutive failures");
		assertThat(provider.breaker().state()).isEqualTo(CircuitBreaker.State.OPEN);
		int sent = standIn.chatRequests().size();
		assertThat(sent).isEqualTo(3);

		assertThatThrownBy(() -> provider.run(task(), events)).isInstanceOf(QuantaPilotException.TransientFailure.class)
			.hasMessageContaining("circuit open")
			.hasMessageContaining("next trial in");
		assertThat(standIn.chatRequests()).hasSize(sent);
	}

	@Test
	void pathsThatLeaveTheWorkspaceAreRefusedAndTheModelIsTold() throws Exception {
		Path outside = Files.createDirectories(tmp.resolve("outside"));
		Files.writeString(outside.resolve("secret.txt"), "top secret");
		Files.createSymbolicLink(workspace.resolve("link"), outside);
		Files.createSymbolicLink(workspace.resolve("dangling"), outside.resolve("created-through-link.txt"));
		Files.createDirectories(workspace.resolve(".git"));
		standIn.turns(standIn.toolCalls(100, 10, 0,
				call("write_file", "path", "../outside/escape.txt", "content", "x"),
				call("write_file", "path", outside.resolve("absolute.txt").toString(), "content", "x"),
				call("write_file", "path", "link/through-symlink.txt", "content", "x"),
				call("read_file", "path", "link/secret.txt"),
				call("write_file", "path", "dangling", "content", "x"),
				call("list_files", "path", "src/../.."),
				call("write_file", "path", ".git/hooks/post-commit", "content", "x"),
				call("write_file", "path", workspace.resolve("inside.txt").toString(), "content", "fine")),
				standIn.toolCalls(100, 10, 0, call("finish", "summary", "tried")));

		AgentOutcome outcome = provider(settings(standIn.baseUrl(), "sk-test"), NoSandbox.INSTANCE).run(task(), events);

		try (var files = Files.list(outside)) {
			assertThat(files.map(p -> p.getFileName().toString())).containsExactly("secret.txt");
		}
		assertThat(workspace.resolve(".git/hooks")).doesNotExist();
		assertThat(workspace.resolve("inside.txt")).hasContent("fine");
		assertThat(outcome.filesWritten()).containsExactly("inside.txt");
		List<String> results = standIn.lastChatRequest().toolResults();
		assertThat(results.get(0)).startsWith("error:").contains("contains '..'");
		assertThat(results.get(1)).startsWith("error:").contains("outside the workspace");
		assertThat(results.get(2)).startsWith("error:").contains("symbolic link");
		assertThat(results.get(3)).startsWith("error:").contains("symbolic link").doesNotContain("top secret");
		assertThat(results.get(4)).startsWith("error:").contains("dangling symbolic link");
		assertThat(results.get(5)).startsWith("error:").contains("contains '..'");
		assertThat(results.get(6)).startsWith("error:").contains(".git");
		assertThat(results.get(7)).isEqualTo("created inside.txt (4 bytes)");
		assertThat(events.messages("tool_error")).hasSize(7);
	}

	@Test
	void anEditWhoseSearchTextIsMissingOrAmbiguousFailsLoudlyAndChangesNothing() throws Exception {
		Files.writeString(workspace.resolve("app.py"), "x = 1\nx = 1\ny = 2\n");
		standIn.turns(standIn.toolCalls(100, 10, 0,
				call("edit_file", "path", "app.py", "search", "z = 3", "replace", "z = 4"),
				call("edit_file", "path", "app.py", "search", "x = 1", "replace", "x = 9"),
				call("edit_file", "path", "missing.py", "search", "a", "replace", "b"),
				call("edit_file", "path", "app.py", "search", "y = 2", "replace", "y = 3")),
				standIn.toolCalls(100, 10, 0, call("finish", "summary", "edited")));

		AgentOutcome outcome = provider(settings(standIn.baseUrl(), "sk-test"), NoSandbox.INSTANCE).run(task(), events);

		List<String> results = standIn.lastChatRequest().toolResults();
		assertThat(results.get(0)).startsWith("error: the search text was not found in 'app.py'; nothing was changed");
		assertThat(results.get(1)).startsWith("error: the search text occurs 2 times in 'app.py'; nothing was changed");
		assertThat(results.get(2)).startsWith("error: 'missing.py' does not exist");
		assertThat(results.get(3)).isEqualTo("edited app.py (1 replacement)");
		assertThat(workspace.resolve("app.py")).hasContent("x = 1\nx = 1\ny = 3\n");
		assertThat(outcome.filesWritten()).containsExactly("app.py");
	}

	@Test
	void theSameFailingCallThreeTimesStopsTheRunAsStuck() {
		standIn.script(request -> standIn.toolCalls(100, 10, 0, call("run_command", "command", "exit 3")));

		assertThatThrownBy(() -> provider(settings(standIn.baseUrl(), "sk-test"), NoSandbox.INSTANCE).run(task(), events))
			.isInstanceOf(QuantaPilotException.TransientFailure.class)
			.hasMessageStartingWith("stuck: the same call failed 3 times: run_command");
		// Three turns of the conversation; a request repeated by the HTTP retry on a slow machine is the same turn.
		assertThat(standIn.chatRequests().stream().map(ChatCompletionsStandIn.Request::turn).distinct())
			.containsExactly(0, 1, 2);
		assertThat(events.messages("stuck")).hasSize(1);
	}

	@Test
	void theSameResultFourTimesStopsTheRunAsStuck() throws Exception {
		Files.writeString(workspace.resolve("notes.txt"), "same");
		standIn.script(request -> standIn.toolCalls(100, 10, 0, call("read_file", "path", "notes.txt")));

		assertThatThrownBy(() -> provider(settings(standIn.baseUrl(), "sk-test"), NoSandbox.INSTANCE).run(task(), events))
			.hasMessageStartingWith("stuck: the same call returned the same result 4 times: read_file");
	}

	@Test
	void turnsWithoutAChangedFileStopTheRunAsStuck() throws Exception {
		for (String name : List.of("a.txt", "b.txt", "c.txt")) {
			Files.writeString(workspace.resolve(name), name);
		}
		standIn.turns(standIn.toolCalls(100, 10, 0, call("read_file", "path", "a.txt")),
				standIn.toolCalls(100, 10, 0, call("run_command", "command", "cat b.txt")),
				standIn.toolCalls(100, 10, 0, call("read_file", "path", "c.txt")));
		OpenAiSettings base = settings(standIn.baseUrl(), "sk-test");
		OpenAiSettings settings = new OpenAiSettings(base.baseUrl(), base.apiKey(), base.model(), base.maxTurns(), 0,
				base.requestTimeout(), base.connectTimeout(), base.maxOutputBytes(), base.commandTimeout(),
				new OpenAiSettings.Stuck(4, 3, 3), base.retry(), base.circuitBreaker());

		assertThatThrownBy(() -> provider(settings, NoSandbox.INSTANCE).run(task(), events))
			.hasMessage("stuck: 3 turns in a row without changing a file");
	}

	@Test
	void anInterruptStopsARunningCommand() throws Exception {
		String marker = "sleep 47.25";
		standIn.turns(standIn.toolCalls(100, 10, 0, call("run_command", "command", marker + "; touch late.txt")));
		OpenAiAgentProvider provider = provider(settings(standIn.baseUrl(), "sk-test"), SANDBOX);
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			Future<AgentOutcome> run = executor.submit(() -> provider.run(task(), events));
			Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> sleeping(marker));
			run.cancel(true);
			Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> !sleeping(marker));
			assertThat(workspace.resolve("late.txt")).doesNotExist();
		}
		finally {
			executor.shutdownNow();
			assertThat(executor.awaitTermination(15, TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void anInterruptAbortsAModelCallInFlight() throws Exception {
		standIn.script(request -> standIn.text("too late", 1, 1).after(30_000));
		OpenAiAgentProvider provider = provider(settings(standIn.baseUrl(), "sk-test"), NoSandbox.INSTANCE);
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			Future<AgentOutcome> run = executor.submit(() -> provider.run(task(), events));
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !standIn.chatRequests().isEmpty());
			long start = System.nanoTime();
			executor.shutdownNow();
			assertThatThrownBy(() -> run.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
				.hasCauseInstanceOf(InterruptedException.class);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void aLocalServerWithoutKeyOrUsageGetsNoAuthorizationAndEstimatedTokens() throws Exception {
		standIn.turns(
				withoutUsage(standIn.toolCalls(0, 0, 0, call("write_file", "path", "hello.txt", "content", "hello"))),
				withoutUsage(standIn.text("All done: wrote hello.txt", 0, 0)));

		AgentOutcome outcome = provider(settings(standIn.baseUrl(), null), NoSandbox.INSTANCE).run(task(), events);

		assertThat(standIn.chatRequests()).allSatisfy(r -> assertThat(r.header("Authorization")).isNull());
		assertThat(outcome.summary()).isEqualTo("All done: wrote hello.txt");
		assertThat(outcome.estimated()).isTrue();
		assertThat(outcome.inputTokens()).isGreaterThan(100);
		assertThat(outcome.outputTokens()).isPositive();
		assertThat(events.usages()).hasSize(2).allSatisfy(u -> assertThat(u.estimated()).isTrue());
		assertThat(workspace.resolve("hello.txt")).hasContent("hello");
	}

	@Test
	void aMissingKeyForOpenAiIsAConfigurationError() {
		OpenAiAgentProvider provider = provider(settings("https://api.openai.com/v1", ""), NoSandbox.INSTANCE);

		ProviderCheck check = provider.check();
		assertThat(check.ok()).isFalse();
		assertThat(check.message()).contains("quantapilot.agents.openai.api-key");
		assertThatThrownBy(() -> provider.run(task(), events)).isInstanceOf(QuantaPilotException.InvalidRequest.class)
			.hasMessageContaining("no API key");
	}

	@Test
	void theCheckCallsTheModelsEndpoint() {
		ProviderCheck check = provider(settings(standIn.baseUrl(), "sk-test"), NoSandbox.INSTANCE).check();

		assertThat(check.ok()).as(check.message()).isTrue();
		assertThat(check.message()).contains("reachable", "stand-in-model (listed by the server)");
		assertThat(standIn.requests()).singleElement().satisfies(r -> assertThat(r.path()).isEqualTo("/v1/models"));
	}

	private static boolean sleeping(String marker) {
		return ProcessHandle.allProcesses()
			.anyMatch(p -> p.info().commandLine().map(c -> c.contains(marker) && !c.contains("sh -c")).orElse(false));
	}

	private AgentTask task() {
		return new AgentTask(UUID.randomUUID(), 1, AgentRole.DEVELOPER, workspace, "# Calc\n\nA tiny calculator.", "", "",
				"", null, Duration.ofMinutes(2));
	}

	static OpenAiSettings settings(String baseUrl, String apiKey) {
		return new OpenAiSettings(baseUrl, apiKey, "stand-in-model", 30, 0, Duration.ofSeconds(20), Duration.ofSeconds(5),
				32_768, Duration.ofSeconds(60), new OpenAiSettings.Stuck(4, 3, 12),
				new RetrySettings(3, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(5)),
				new CircuitBreakerSettings(5, Duration.ofMinutes(1)));
	}

	static OpenAiAgentProvider provider(OpenAiSettings settings, Sandbox sandbox) {
		return new OpenAiAgentProvider(settings, () -> sandbox);
	}

}
