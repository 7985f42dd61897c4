package io.quantapilot.agents.openai;

import java.time.Duration;

import io.quantapilot.agents.http.CircuitBreakerSettings;
import io.quantapilot.agents.http.RetrySettings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the {@code openai} provider ({@code quantapilot.agents.openai.*}).
 *
 * @param baseUrl the API base, up to and including {@code /v1} (Ollama: {@code http://localhost:11434/v1})
 * @param apiKey the bearer key; may be empty for local servers, which then get no {@code Authorization} header
 * @param model the model used when a task names none
 * @param maxTurns model calls per run before the run is stopped
 * @param maxOutputTokens {@code max_completion_tokens} per call, or 0 to let the server decide
 * @param requestTimeout how long one model call may take (local models on CPU are slow)
 * @param connectTimeout how long connecting may take
 * @param maxOutputBytes the most bytes of command output or file content handed back to the model per tool call
 * @param commandTimeout the longest a {@code run_command} may run
 * @param stuck when a run counts as stuck
 * @param retry retries of model calls
 * @param circuitBreaker the provider's circuit breaker
 */
@ConfigurationProperties("quantapilot.agents.openai")
public record OpenAiSettings(@DefaultValue("https://api.openai.com/v1") String baseUrl, String apiKey,
		@DefaultValue("gpt-4.1") String model, @DefaultValue("60") int maxTurns, @DefaultValue("0") int maxOutputTokens,
		@DefaultValue("5m") Duration requestTimeout, @DefaultValue("10s") Duration connectTimeout,
		@DefaultValue("32768") int maxOutputBytes, @DefaultValue("5m") Duration commandTimeout,
		@DefaultValue Stuck stuck, @DefaultValue RetrySettings retry,
		@DefaultValue CircuitBreakerSettings circuitBreaker) {

	public OpenAiSettings {
		if (maxTurns < 1) {
			throw new IllegalArgumentException("quantapilot.agents.openai.max-turns must be at least 1");
		}
		// Below this a tool result could not even say what was cut.
		if (maxOutputBytes < 256) {
			throw new IllegalArgumentException("quantapilot.agents.openai.max-output-bytes must be at least 256");
		}
	}

	/** Whether a key is configured. */
	public boolean hasApiKey() {
		return apiKey != null && !apiKey.isBlank();
	}

	/** The base URL without a trailing slash. */
	public String base() {
		String base = baseUrl.trim();
		return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
	}

	/**
	 * When a run counts as stuck.
	 *
	 * @param sameResult the same tool call returning the same result this many times
	 * @param sameFailure the same tool call failing this many times
	 * @param idleTurns this many model turns in a row without a changed file
	 */
	public record Stuck(@DefaultValue("4") int sameResult, @DefaultValue("3") int sameFailure,
			@DefaultValue("12") int idleTurns) {

		public Stuck {
			if (sameResult < 1 || sameFailure < 1 || idleTurns < 1) {
				throw new IllegalArgumentException("quantapilot.agents.openai.stuck.* thresholds must be at least 1");
			}
		}

	}

}
