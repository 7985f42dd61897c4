package io.quantapilot.agents.openai;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import io.quantapilot.agents.http.CircuitBreaker;
import io.quantapilot.agents.spi.ProviderCheck;
import io.quantapilot.agents.http.ResilientHttpClient;
import io.quantapilot.agents.http.TaskPrompt;
import io.quantapilot.agents.spi.AgentEvents;
import io.quantapilot.agents.spi.AgentOutcome;
import io.quantapilot.agents.spi.AgentProvider;
import io.quantapilot.agents.spi.AgentTask;
import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.quality.BubblewrapSandbox;
import io.quantapilot.quality.NoSandbox;
import io.quantapilot.quality.QualitySettings;
import io.quantapilot.quality.Sandbox;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The {@code openai} provider: a tool loop over an OpenAI-compatible Chat Completions endpoint. Each turn sends
 * the conversation with the tool definitions, executes the tool calls of the answer in the workspace and sends
 * their results back, until the model calls {@code finish} (or answers without a tool call, which ends a
 * conversation by the protocol). Usage is reported per call, estimated from the text length when the server
 * sends none. The run stops when it is stuck, out of turns or out of time; an interrupt cancels it, aborting
 * a model call or command in flight.
 */
@Component
public class OpenAiAgentProvider implements AgentProvider {

	/** The provider's configuration name. */
	public static final String NAME = "openai";

	static final String SYSTEM_PROMPT = """
			You are an autonomous coding agent working in a git repository, the workspace. You act only through \
			the tools: list_files, read_file, write_file, edit_file, run_command and finish. Paths are relative to \
			the workspace root and must stay inside it. Use edit_file for small changes to existing files (its \
			search text must match exactly once) and write_file for new files or complete rewrites. Run the \
			project's tests with run_command and fix what fails. Nobody answers questions during the task: decide \
			sensibly yourself. When the task is complete, call finish with a short summary of what you did.""";

	private static final int MAX_EVENT_TEXT = 2_000;

	// Roughly four characters per token for English text and code: the usual rule of thumb.
	private static final int CHARS_PER_TOKEN = 4;

	private final OpenAiSettings settings;

	private final Supplier<Sandbox> sandbox;

	private final ChatCompletionsClient client;

	private final CircuitBreaker breaker;

	private final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	OpenAiAgentProvider(OpenAiSettings settings, QualitySettings quality) {
		this(settings, new Memoized<>(() -> sandboxFor(quality.sandbox())));
	}

	OpenAiAgentProvider(OpenAiSettings settings, Supplier<Sandbox> sandbox) {
		this.settings = Objects.requireNonNull(settings, "settings");
		this.sandbox = sandbox;
		this.breaker = new CircuitBreaker(NAME, settings.circuitBreaker());
		HttpClient http = HttpClient.newBuilder()
			.connectTimeout(settings.connectTimeout())
			// HTTP/1.1: local servers (Ollama, llama.cpp) mishandle the cleartext HTTP/2 upgrade.
			.version(HttpClient.Version.HTTP_1_1)
			.build();
		this.client = new ChatCompletionsClient(settings,
				new ResilientHttpClient(NAME, http, settings.retry(), breaker, ChatCompletionsClient::quotaExhausted),
				json);
	}

	@Override
	public String name() {
		return NAME;
	}

	/** The provider's circuit breaker (its state is shown by the configuration check). */
	CircuitBreaker breaker() {
		return breaker;
	}

	/**
	 * Checks the configuration and whether the endpoint answers ({@code GET {base}/models}), without running
	 * a model.
	 */
	@Override
	public ProviderCheck check() {
		Optional<String> problem = configurationProblem();
		if (problem.isPresent()) {
			return ProviderCheck.problem(NAME, problem.get());
		}
		try {
			HttpResponse<String> response = client.models(Duration.ofSeconds(10));
			if (response.statusCode() == 401 || response.statusCode() == 403) {
				return ProviderCheck.problem(NAME, settings.base() + " refused the key (HTTP " + response.statusCode()
						+ "); check quantapilot.agents.openai.api-key");
			}
			if (response.statusCode() / 100 != 2) {
				return ProviderCheck.problem(NAME, settings.base() + "/models answered HTTP " + response.statusCode());
			}
			return ProviderCheck.ok(NAME, "reachable at " + settings.base() + ", model " + settings.model()
					+ listed(response.body()) + (breaker.state() == CircuitBreaker.State.CLOSED ? ""
							: "; circuit currently " + breaker.state().name().toLowerCase(Locale.ROOT)));
		}
		catch (IOException ex) {
			return ProviderCheck.problem(NAME, settings.base() + " is not reachable: " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return ProviderCheck.problem(NAME, "check interrupted");
		}
	}

	@Override
	public AgentOutcome run(AgentTask task, AgentEvents events) throws Exception {
		Optional<String> problem = configurationProblem();
		if (problem.isPresent()) {
			throw new QuantaPilotException.InvalidRequest("agent_provider", "openai provider: " + problem.get());
		}
		String model = task.model() != null && !task.model().isBlank() ? task.model() : settings.model();
		Instant deadline = Instant.now().plus(task.timeout());
		WorkspaceTools tools = new WorkspaceTools(new WorkspacePaths(task.workspace()), sandbox.get(),
				settings.maxOutputBytes(), json);
		TaskPrompt prompt = TaskPrompt.of(task);
		events.emit("system", "openai provider: model " + model + " at " + settings.base() + "; commands run in sandbox '"
				+ tools.sandboxName() + "'");
		prompt.leftOut().forEach(line -> events.emit("log", "context left out: " + line));

		ArrayNode messages = json.createArrayNode();
		messages.addObject().put("role", "system").put("content", SYSTEM_PROMPT);
		messages.addObject().put("role", "user").put("content", prompt.text());
		ArrayNode definitions = tools.definitions();
		StuckDetector stuck = new StuckDetector(settings.stuck());
		Usage usage = new Usage();
		Set<String> changed = new TreeSet<>();

		for (int turn = 1; turn <= settings.maxTurns(); turn++) {
			cancelled();
			Duration left = timeLeft(deadline, task.timeout());
			long requestChars = json.writeValueAsString(messages).length() + json.writeValueAsString(definitions).length();
			ChatCompletionsClient.Completion completion = client.complete(model, messages, definitions,
					left.compareTo(settings.requestTimeout()) < 0 ? left : settings.requestTimeout(),
					message -> events.emit("retry", message));
			usage.add(completion, requestChars, events);
			messages.add(completion.message());
			if (!completion.content().isBlank()) {
				events.emit("assistant", shorten(completion.content()));
			}
			if (completion.toolCalls().isEmpty()) {
				// By the protocol a reply without tool calls ends the conversation.
				String summary = completion.content().isBlank()
						? "the model ended without a summary (finish reason: " + completion.finishReason() + ")"
						: completion.content();
				return outcome(summary, model, usage, changed, task);
			}
			boolean turnChanged = false;
			String finished = null;
			for (ChatCompletionsClient.ToolCall call : completion.toolCalls()) {
				events.emit("tool_call", call.name() + " " + shorten(call.arguments()));
				ToolResult result = tools.call(call.name(), call.arguments(), timeLeft(deadline, task.timeout()),
						settings.commandTimeout());
				events.emit(result.ok() ? "tool_result" : "tool_error", shorten(result.content()));
				messages.addObject().put("role", "tool").put("tool_call_id", call.id()).put("content", result.content());
				if (!result.changed().isEmpty()) {
					turnChanged = true;
					changed.addAll(result.changed());
				}
				if (result.finished()) {
					finished = result.finishSummary();
				}
				Optional<String> circling = stuck.afterCall(call.name(), call.arguments(), result);
				if (circling.isPresent()) {
					throw stuck(circling.get(), events);
				}
				cancelled();
			}
			if (finished != null) {
				return outcome(finished, model, usage, changed, task);
			}
			Optional<String> idle = stuck.afterTurn(turnChanged);
			if (idle.isPresent()) {
				throw stuck(idle.get(), events);
			}
		}
		throw new QuantaPilotException.TransientFailure("openai: the model did not finish within " + settings.maxTurns()
				+ " turns (quantapilot.agents.openai.max-turns)", null);
	}

	private static QuantaPilotException stuck(String reason, AgentEvents events) {
		events.emit("stuck", reason);
		// Transient like a stuck CLI run: a fresh conversation may well get through.
		return new QuantaPilotException.TransientFailure(reason, null);
	}

	private AgentOutcome outcome(String summary, String model, Usage usage, Set<String> changed, AgentTask task) {
		// Files deleted again by a later command are not results.
		var written = changed.stream().filter(path -> Files.exists(task.workspace().resolve(path))).toList();
		return new AgentOutcome(summary.strip(), model, usage.input, usage.output, usage.cached, usage.estimated, written);
	}

	private Optional<String> configurationProblem() {
		URI base;
		try {
			base = URI.create(settings.base());
		}
		catch (IllegalArgumentException ex) {
			return Optional.of("quantapilot.agents.openai.base-url is not a URL: " + settings.baseUrl());
		}
		if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme()) || base.getHost() == null) {
			return Optional.of("quantapilot.agents.openai.base-url must be an http(s) URL: " + settings.baseUrl());
		}
		if (!settings.hasApiKey() && base.getHost().endsWith("openai.com")) {
			return Optional.of("no API key for " + settings.base() + ": set quantapilot.agents.openai.api-key "
					+ "(or the environment variable OPENAI_API_KEY)");
		}
		if (settings.model() == null || settings.model().isBlank()) {
			return Optional.of("no model: set quantapilot.agents.openai.model");
		}
		return Optional.empty();
	}

	private String listed(String body) {
		try {
			JsonNode data = json.readTree(body).path("data");
			if (!data.isArray() || data.isEmpty()) {
				return "";
			}
			for (JsonNode model : data) {
				if (settings.model().equals(model.path("id").asString())) {
					return " (listed by the server)";
				}
			}
			return " (not among the " + data.size() + " models the server lists)";
		}
		catch (JacksonException ex) {
			return "";
		}
	}

	private static Duration timeLeft(Instant deadline, Duration timeout) {
		Duration left = Duration.between(Instant.now(), deadline);
		if (left.isNegative() || left.isZero()) {
			throw new QuantaPilotException.TransientFailure("openai: the run took longer than its time limit of "
					+ timeout, null);
		}
		return left;
	}

	private static void cancelled() throws InterruptedException {
		if (Thread.interrupted()) {
			throw new InterruptedException("openai run cancelled");
		}
	}

	private static String shorten(String text) {
		return text.length() <= MAX_EVENT_TEXT ? text
				: text.substring(0, MAX_EVENT_TEXT) + "… [" + (text.length() - MAX_EVENT_TEXT) + " more characters]";
	}

	static Sandbox sandboxFor(String mode) {
		return switch (mode == null ? "auto" : mode) {
			case "none" -> NoSandbox.INSTANCE;
			case "bubblewrap" -> BubblewrapSandbox.find()
				.<Sandbox>map(s -> s)
				.orElseThrow(() -> new QuantaPilotException(
						"quantapilot.quality.sandbox=bubblewrap but bwrap does not work here"));
			default -> Sandbox.detect();
		};
	}

	/** Running totals of a run; a call without reported usage is estimated from the text length. */
	private static final class Usage {

		long input;

		long output;

		long cached;

		boolean estimated;

		void add(ChatCompletionsClient.Completion completion, long requestChars, AgentEvents events) {
			ChatCompletionsClient.Usage reported = completion.usage();
			if (reported != null) {
				input += reported.promptTokens();
				output += reported.completionTokens();
				cached += reported.cachedTokens();
				events.usage(reported.promptTokens(), reported.completionTokens(), reported.cachedTokens(), false);
				return;
			}
			long replyChars = completion.content().length();
			for (ChatCompletionsClient.ToolCall call : completion.toolCalls()) {
				replyChars += call.name().length() + call.arguments().length();
			}
			long in = (requestChars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
			long out = (replyChars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
			input += in;
			output += out;
			estimated = true;
			events.usage(in, out, 0, true);
		}

	}

	/** Detects the sandbox on first use: the probe starts a process, which only runs that need commands pay for. */
	private static final class Memoized<T> implements Supplier<T> {

		private final Supplier<T> delegate;

		private volatile T value;

		Memoized(Supplier<T> delegate) {
			this.delegate = delegate;
		}

		@Override
		public T get() {
			T result = value;
			if (result == null) {
				synchronized (this) {
					result = value;
					if (result == null) {
						value = result = delegate.get();
					}
				}
			}
			return result;
		}

	}

}
