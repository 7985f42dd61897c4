package io.quantapilot.forge;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.quantapilot.forge.github.GitHubApi;
import io.quantapilot.forge.github.GitHubClient;

/**
 * What GitHub says about a token: whose it is, the scopes it carries and the rate limit left. Used by
 * {@code quantapilot forge verify} before a server is configured with the token.
 */
public final class GitHubTokenCheck {

	private GitHubTokenCheck() {
	}

	/**
	 * The answer.
	 *
	 * @param login the token's user
	 * @param type {@code User} or {@code Bot}
	 * @param scopes the classic token's scopes
	 * @param scopesReported false for fine-grained and app tokens, whose permissions GitHub does not list
	 * @param limit requests per hour
	 * @param remaining requests left
	 * @param reset when the limit resets
	 */
	public record Report(String login, String type, List<String> scopes, boolean scopesReported, int limit,
			int remaining, Instant reset) {

		/** Whether a classic token lacks the {@code repo} scope the platform needs (repositories, pull requests, statuses). */
		public boolean lacksRepoScope() {
			return scopesReported && !scopes.contains("repo");
		}

	}

	/**
	 * Asks GitHub about the token.
	 * @throws io.quantapilot.common.QuantaPilotException when GitHub cannot be reached or rejects the token
	 * (the message never contains the token)
	 */
	public static Report check(URI apiUrl, String token) {
		GitHubApi api = new GitHubApi(new GitHubClient(apiUrl, () -> token, null, 0, Duration.ofSeconds(30)));
		GitHubApi.User user = api.authenticatedUser();
		GitHubClient.RateLimit limit = api.rateLimit();
		return new Report(user.login(), user.type(), user.scopes(), user.scopesReported(), limit.limit(),
				limit.remaining(), limit.reset());
	}

}
