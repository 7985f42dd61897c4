package io.quantapilot.agents.cursorcloud;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import io.quantapilot.agents.http.CircuitBreaker;
import io.quantapilot.agents.spi.ProviderCheck;
import io.quantapilot.agents.http.ResilientHttpClient;
import io.quantapilot.agents.http.TaskPrompt;
import io.quantapilot.agents.spi.AgentEvents;
import io.quantapilot.agents.spi.AgentOutcome;
import io.quantapilot.agents.spi.AgentProvider;
import io.quantapilot.agents.spi.AgentTask;
import io.quantapilot.common.PlatformSettings;
import io.quantapilot.common.QuantaPilotException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The {@code cursor-cloud} provider. It launches a Cursor Cloud agent on the project's GitHub repository with
 * a target branch, then polls the agent with growing intervals (a webhook wakes it early; Cursor sends one
 * only when the agent finishes or fails) and copies new conversation messages into the event log as they
 * appear. The API reports no token counts, so usage is estimated from the conversation text. An interrupt,
 * a timeout or any other failure while the agent runs stops the agent, so none is left working unobserved.
 */
@Component
public class CursorCloudAgentProvider implements AgentProvider {

	/** The provider's configuration name. */
	public static final String NAME = "cursor-cloud";

	private static final Logger log = LoggerFactory.getLogger(CursorCloudAgentProvider.class);

	private static final int CHARS_PER_TOKEN = 4;

	private static final int MAX_EVENT_TEXT = 4_000;

	private final CursorCloudSettings settings;

	private final CloudAgentSignals signals;

	private final String publicUrl;

	private final CursorCloudClient client;

	private final CircuitBreaker breaker;

	@Autowired
	CursorCloudAgentProvider(CursorCloudSettings settings, CloudAgentSignals signals, PlatformSettings platform) {
		this(settings, signals, platform.publicUrl());
	}

	CursorCloudAgentProvider(CursorCloudSettings settings, CloudAgentSignals signals, String publicUrl) {
		this.settings = Objects.requireNonNull(settings, "settings");
		this.signals = Objects.requireNonNull(signals, "signals");
		this.publicUrl = publicUrl;
		this.breaker = new CircuitBreaker(NAME, settings.circuitBreaker());
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		this.client = new CursorCloudClient(settings, new ResilientHttpClient(NAME, http, settings.retry(), breaker,
				response -> false), JsonMapper.builder().build());
	}

	@Override
	public String name() {
		return NAME;
	}

	/** A cloud agent works on the project's GitHub repository and pushes to the task's branch. */
	@Override
	public boolean worksOnRepository() {
		return true;
	}

	CircuitBreaker breaker() {
		return breaker;
	}

	/** Checks the configuration and the key ({@code GET /v0/me}), without launching an agent. */
	@Override
	public ProviderCheck check() {
		Optional<String> problem = configurationProblem();
		if (problem.isPresent()) {
			return ProviderCheck.problem(NAME, problem.get());
		}
		try {
			HttpResponse<String> response = client.me();
			if (response.statusCode() == 401) {
				return ProviderCheck.problem(NAME, "Cursor refused the key (HTTP 401); check "
						+ "quantapilot.agents.cursor-cloud.api-key");
			}
			if (response.statusCode() / 100 != 2) {
				return ProviderCheck.problem(NAME, settings.base() + "/v0/me answered HTTP " + response.statusCode());
			}
			JsonNode me = client.parse(response.body());
			String repository = settings.repository() == null || settings.repository().isBlank() ? ""
					: "; default repository " + settings.repository();
			return ProviderCheck.ok(NAME, "key '" + me.path("apiKeyName").asString("?") + "' of "
					+ me.path("userEmail").asString("?") + " works" + repository
					+ (webhookUrl() != null ? "; webhook " + webhookUrl() : "; no webhook (polling only)"));
		}
		catch (IOException ex) {
			return ProviderCheck.problem(NAME, settings.base() + " is not reachable: " + ex);
		}
		catch (JacksonException ex) {
			return ProviderCheck.problem(NAME, settings.base() + "/v0/me did not answer JSON");
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
			throw new QuantaPilotException.InvalidRequest("agent_provider", "cursor-cloud provider: " + problem.get());
		}
		CloudTarget target = CloudTarget.of(task, settings);
		TaskPrompt prompt = TaskPrompt.of(task);
		prompt.leftOut().forEach(line -> events.emit("log", "context left out: " + line));
		Consumer<String> onRetry = message -> events.emit("retry", message);
		Instant deadline = Instant.now().plus(task.timeout());
		Estimate usage = new Estimate(events);
		usage.input(prompt.text());

		CursorCloudClient.CloudAgent agent = client.launch(prompt.text(), target, webhookUrl(), onRetry);
		String id = agent.id();
		signals.register(id);
		events.emit("system", "cursor-cloud: launched agent " + id + " on " + target.repository() + " at "
				+ target.ref() + ", pushing to branch " + target.branchName()
				+ (agent.url().isEmpty() ? "" : " (" + agent.url() + ")"));
		boolean terminal = false;
		try {
			Set<String> seen = new HashSet<>();
			String status = agent.status();
			events.emit("status", status.isEmpty() ? "CREATING" : status);
			Duration interval = settings.pollInterval();
			while (true) {
				Duration left = Duration.between(Instant.now(), deadline);
				if (left.isNegative() || left.isZero()) {
					throw new QuantaPilotException.TransientFailure("cursor-cloud: agent " + id
							+ " did not finish within the run's time limit of " + task.timeout(), null);
				}
				boolean woken = signals.await(id, interval.compareTo(left) < 0 ? interval : left);
				agent = client.get(id, onRetry);
				if (!agent.status().equals(status)) {
					status = agent.status();
					events.emit("status", status + (woken ? " (webhook)" : ""));
					interval = settings.pollInterval();
				}
				else {
					interval = longer(interval);
				}
				String state = status.toUpperCase(Locale.ROOT);
				if (!state.equals("CREATING")) {
					copyConversation(id, seen, events, usage, onRetry);
				}
				switch (state) {
					case "CREATING", "RUNNING" -> {
						continue;
					}
					case "FINISHED" -> {
						terminal = true;
						return outcome(agent, target, events, usage);
					}
					case "ERROR", "EXPIRED" -> {
						terminal = true;
						throw new QuantaPilotException.TransientFailure("cursor-cloud: agent " + id + " ended " + state
								+ (agent.summary().isEmpty() ? "" : ": " + agent.summary()), null);
					}
					case "STOPPED" -> {
						terminal = true;
						throw new QuantaPilotException.TransientFailure("cursor-cloud: agent " + id
								+ " was stopped outside QuantaPilot", null);
					}
					default -> {
						terminal = true;
						throw new QuantaPilotException("cursor-cloud: agent " + id + " reports the unknown status '"
								+ agent.status() + "'");
					}
				}
			}
		}
		catch (InterruptedException ex) {
			stopQuietly(id, events, "the run was cancelled");
			throw ex;
		}
		catch (RuntimeException ex) {
			if (!terminal) {
				stopQuietly(id, events, ex.getMessage());
			}
			throw ex;
		}
		finally {
			signals.unregister(id);
		}
	}

	private AgentOutcome outcome(CursorCloudClient.CloudAgent agent, CloudTarget target, AgentEvents events,
			Estimate usage) {
		String branch = agent.branchName().isEmpty() ? target.branchName() : agent.branchName();
		events.emit("system", "cursor-cloud: agent " + agent.id() + " finished; its work is on branch " + branch + " of "
				+ target.repository() + (agent.prUrl().isEmpty() ? "" : ", pull request " + agent.prUrl()));
		String summary = !agent.summary().isBlank() ? agent.summary()
				: !usage.lastAssistant.isBlank() ? usage.lastAssistant : "the agent finished without a summary";
		// The cloud agent's id is its session: it finds the agent (and its conversation) in Cursor.
		return new AgentOutcome(summary.strip(), settings.hasModel() ? settings.model().trim() : "auto", usage.input,
				usage.output, 0, true, List.of(), agent.id(), null);
	}

	private void copyConversation(String id, Set<String> seen, AgentEvents events, Estimate usage,
			Consumer<String> onRetry) throws InterruptedException {
		List<CursorCloudClient.Message> messages;
		try {
			messages = client.conversation(id, onRetry);
		}
		catch (QuantaPilotException ex) {
			// The log is a courtesy: a conversation that cannot be read must not fail a working agent.
			events.emit("log", "conversation not available: " + ex.getMessage());
			return;
		}
		for (CursorCloudClient.Message message : messages) {
			if (!seen.add(message.id())) {
				continue;
			}
			boolean assistant = message.type().startsWith("assistant");
			events.emit(assistant ? "assistant" : "user", shorten(message.text()));
			if (assistant) {
				usage.output(message.text());
			}
		}
	}

	private void stopQuietly(String id, AgentEvents events, String why) {
		// Stopping must work even though this thread was interrupted: clear the flag and restore it afterwards.
		boolean interrupted = Thread.interrupted();
		try {
			client.stop(id);
			events.emit("system", "cursor-cloud: stopped agent " + id + " (" + why + ")");
		}
		catch (InterruptedException ex) {
			interrupted = true;
		}
		catch (RuntimeException ex) {
			log.warn("Could not stop Cursor Cloud agent {}: {}", id, ex.getMessage());
			events.emit("log", "could not stop agent " + id + ": " + ex.getMessage());
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private Duration longer(Duration interval) {
		Duration next = interval.plus(interval.dividedBy(2));
		return next.compareTo(settings.maxPollInterval()) < 0 ? next : settings.maxPollInterval();
	}

	/** Where Cursor should deliver the webhook, or null when no webhook is registered. */
	String webhookUrl() {
		if (!settings.hasWebhookSecret()) {
			return null;
		}
		if (settings.webhookUrl() != null && !settings.webhookUrl().isBlank()) {
			return settings.webhookUrl().trim();
		}
		if (publicUrl != null && !publicUrl.isBlank()) {
			return publicUrl.strip().replaceAll("/+$", "") + "/webhooks/cursor";
		}
		return null;
	}

	private Optional<String> configurationProblem() {
		if (!settings.hasApiKey()) {
			return Optional.of("no API key: set quantapilot.agents.cursor-cloud.api-key (or the environment "
					+ "variable CURSOR_API_KEY; create the key in the Cursor dashboard under Integrations)");
		}
		URI base;
		try {
			base = URI.create(settings.base());
		}
		catch (IllegalArgumentException ex) {
			return Optional.of("quantapilot.agents.cursor-cloud.base-url is not a URL: " + settings.baseUrl());
		}
		if (base.getHost() == null || !"https".equals(base.getScheme()) && !"http".equals(base.getScheme())) {
			return Optional.of("quantapilot.agents.cursor-cloud.base-url must be an http(s) URL: " + settings.baseUrl());
		}
		if (settings.hasWebhookSecret() && settings.webhookSecret().length() < CursorCloudSettings.MIN_SECRET_LENGTH) {
			return Optional.of("quantapilot.agents.cursor-cloud.webhook-secret must have at least "
					+ CursorCloudSettings.MIN_SECRET_LENGTH + " characters (Cursor refuses shorter ones)");
		}
		if (settings.repository() != null && !settings.repository().isBlank()) {
			try {
				CloudTarget.checkedRepository(settings.repository());
			}
			catch (QuantaPilotException ex) {
				return Optional.of(ex.getMessage());
			}
		}
		return Optional.empty();
	}

	private static String shorten(String text) {
		return text.length() <= MAX_EVENT_TEXT ? text
				: text.substring(0, MAX_EVENT_TEXT) + "… [" + (text.length() - MAX_EVENT_TEXT) + " more characters]";
	}

	/** Token estimates from text length, reported as they accrue: the API reports no usage. */
	private static final class Estimate {

		private final AgentEvents events;

		long input;

		long output;

		String lastAssistant = "";

		Estimate(AgentEvents events) {
			this.events = events;
		}

		void input(String text) {
			long tokens = tokens(text);
			input += tokens;
			events.usage(tokens, 0, 0, true);
		}

		void output(String text) {
			long tokens = tokens(text);
			output += tokens;
			lastAssistant = text;
			events.usage(0, tokens, 0, true);
		}

		private static long tokens(String text) {
			return (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
		}

	}

}
