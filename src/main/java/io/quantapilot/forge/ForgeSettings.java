package io.quantapilot.forge;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Forge settings.
 *
 * @param owner owner (namespace) of the repositories the local forge creates
 * @param botName author name of the platform's commits
 * @param botEmail author e-mail of the platform's commits
 * @param releaseTag tag given to the release at the end of a project
 * @param provider the forge new projects use unless their {@code configuration.forge} names another:
 * {@code local} or {@code github}
 * @param anonymousRead whether {@code /git/*} can be cloned without an API key
 * @param github the GitHub forge
 */
@ConfigurationProperties("quantapilot.forge")
public record ForgeSettings(@DefaultValue("quantapilot") String owner, @DefaultValue("QuantaPilot") String botName,
		@DefaultValue("bot@quantapilot.local") String botEmail, @DefaultValue("v1.0.0") String releaseTag,
		@DefaultValue("local") String provider, @DefaultValue("false") boolean anonymousRead,
		@NestedConfigurationProperty @DefaultValue GitHub github) {

	/** The forges a project can name. */
	public static final List<String> PROVIDERS = List.of("local", "github");

	public ForgeSettings {
		if (!PROVIDERS.contains(provider)) {
			throw new IllegalArgumentException(
					"quantapilot.forge.provider must be one of " + PROVIDERS + ", not '" + provider + "'");
		}
	}

	/**
	 * The GitHub forge ({@code quantapilot.forge.github.*}).
	 *
	 * @param apiUrl REST API base: {@code https://api.github.com}, or {@code https://<host>/api/v3} for GitHub
	 * Enterprise Server
	 * @param webUrl where repositories are browsed and cloned ({@code https://github.com}); derived from
	 * {@code apiUrl} when empty
	 * @param token personal access or installation token; never logged or returned
	 * @param owner user or organisation that owns new repositories; empty: the token's user
	 * @param webhookSecret secret of the webhook GitHub signs its deliveries with
	 * @param mergeMethod {@code squash}, {@code merge} or {@code rebase}
	 * @param labels labels put on every stage pull request
	 * @param privateRepositories whether repositories the platform creates are private
	 * @param checksTimeout how long a stage waits for its checks before a person decides
	 * @param checksGrace how long a head without any check is given for CI to register one; after that a
	 * repository without CI counts as passing
	 * @param pollInterval how often waiting stages ask GitHub for their checks (webhooks wake them sooner)
	 * @param rateLimitReserve requests kept in reserve: below it calls are spread out until the reset
	 * @param maxRateLimitWait the longest a call waits for a rate limit before it fails (to be retried later)
	 * @param issueLabel the label that makes an issue of a watched repository a project request
	 * @param issueReportInterval how often comments owed to issues (project started, finished) are posted
	 */
	public record GitHub(@DefaultValue("https://api.github.com") URI apiUrl, URI webUrl, String token, String owner,
			String webhookSecret, @DefaultValue("squash") String mergeMethod,
			@DefaultValue("quantapilot") List<String> labels, @DefaultValue("true") boolean privateRepositories,
			@DefaultValue("2h") Duration checksTimeout, @DefaultValue("1m") Duration checksGrace,
			@DefaultValue("30s") Duration pollInterval, @DefaultValue("50") int rateLimitReserve,
			@DefaultValue("15m") Duration maxRateLimitWait, @DefaultValue("quantapilot") String issueLabel,
			@DefaultValue("5s") Duration issueReportInterval) {

		public GitHub {
			if (!List.of("squash", "merge", "rebase").contains(mergeMethod)) {
				throw new IllegalArgumentException(
						"quantapilot.forge.github.merge-method must be squash, merge or rebase, not '" + mergeMethod + "'");
			}
			labels = labels != null ? List.copyOf(labels) : List.of();
			if (issueLabel == null || issueLabel.isBlank()) {
				throw new IllegalArgumentException("quantapilot.forge.github.issue-label must not be empty");
			}
		}

		/** Whether a token is configured. */
		public boolean hasToken() {
			return token != null && !token.isBlank();
		}

		/** The web host's base URL, e.g. {@code https://github.com}. */
		public URI web() {
			if (webUrl != null) {
				return webUrl;
			}
			String host = apiUrl.getHost();
			if ("api.github.com".equalsIgnoreCase(host)) {
				return URI.create("https://github.com");
			}
			// GitHub Enterprise Server serves the API under /api/v3 of the web host.
			return URI.create(apiUrl.getScheme() + "://" + apiUrl.getAuthority());
		}

		// The token must not show up when the settings are printed (actuator, logs, exceptions).
		@Override
		public String toString() {
			return "GitHub[apiUrl=" + apiUrl + ", owner=" + owner + ", token=" + (hasToken() ? "******" : "none")
					+ ", webhookSecret=" + (webhookSecret != null && !webhookSecret.isEmpty() ? "******" : "none")
					+ ", mergeMethod=" + mergeMethod + ", labels=" + labels + ", checksTimeout=" + checksTimeout
					+ ", pollInterval=" + pollInterval + "]";
		}

	}

}
