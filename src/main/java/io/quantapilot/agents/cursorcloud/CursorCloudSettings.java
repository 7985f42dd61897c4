package io.quantapilot.agents.cursorcloud;

import java.time.Duration;

import io.quantapilot.agents.http.CircuitBreakerSettings;
import io.quantapilot.agents.http.RetrySettings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the {@code cursor-cloud} provider ({@code quantapilot.agents.cursor-cloud.*}).
 *
 * @param baseUrl the API base
 * @param apiKey the key from the Cursor dashboard (Integrations) or a service account
 * @param model the model id, or empty for Cursor's "Auto"
 * @param pollInterval the first wait between two status polls
 * @param maxPollInterval the longest wait between two polls (the wait grows by half after each unchanged poll)
 * @param webhookSecret the secret (at least 32 characters) Cursor signs its webhook with; without one no webhook
 *     is registered and incoming ones are refused
 * @param webhookUrl where Cursor delivers the webhook; empty: {@code <quantapilot.public-url>/webhooks/cursor}
 *     when the public URL is configured
 * @param repository the GitHub repository ({@code https://github.com/owner/name}) agents work on when the task
 *     names none
 * @param ref the branch, tag or commit agents start from
 * @param branchPrefix the prefix of the branch an agent pushes to
 * @param autoCreatePr whether Cursor opens a pull request for the agent's branch
 * @param requestTimeout how long one API call may take
 * @param retry retries of API calls
 * @param circuitBreaker the provider's circuit breaker
 */
@ConfigurationProperties("quantapilot.agents.cursor-cloud")
public record CursorCloudSettings(@DefaultValue("https://api.cursor.com") String baseUrl, String apiKey, String model,
		@DefaultValue("10s") Duration pollInterval, @DefaultValue("60s") Duration maxPollInterval, String webhookSecret,
		String webhookUrl, String repository, @DefaultValue("main") String ref,
		@DefaultValue("quantapilot/") String branchPrefix, @DefaultValue("false") boolean autoCreatePr,
		@DefaultValue("30s") Duration requestTimeout, @DefaultValue RetrySettings retry,
		@DefaultValue CircuitBreakerSettings circuitBreaker) {

	/** Cursor's minimum length of a webhook secret. */
	public static final int MIN_SECRET_LENGTH = 32;

	public CursorCloudSettings {
		if (pollInterval.isNegative() || pollInterval.isZero() || maxPollInterval.compareTo(pollInterval) < 0) {
			throw new IllegalArgumentException("quantapilot.agents.cursor-cloud.poll-interval must be positive and at "
					+ "most max-poll-interval");
		}
	}

	public boolean hasApiKey() {
		return apiKey != null && !apiKey.isBlank();
	}

	public boolean hasWebhookSecret() {
		return webhookSecret != null && !webhookSecret.isBlank();
	}

	public boolean hasModel() {
		return model != null && !model.isBlank();
	}

	/** The base URL without a trailing slash. */
	public String base() {
		String base = baseUrl.trim();
		return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
	}

}
