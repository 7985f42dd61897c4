package io.quantapilot.forge;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Supplies credentials for a git remote at the moment a network operation needs them.
 * <p>
 * Credentials are asked for on every clone, fetch and push rather than once, so that
 * short-lived tokens (GitHub App installation tokens expire after an hour) can rotate under a
 * long-lived workspace. They are handed to the transport only: never written to
 * {@code .git/config}, the remote URL, commit messages or exception messages.
 */
@FunctionalInterface
public interface GitCredentials {

	/**
	 * Returns the credentials to use for the given remote, or empty for anonymous access.
	 * @param remote the remote URL (never contains user information)
	 * @return the credentials, or empty
	 */
	Optional<Credentials> forRemote(URI remote);

	/**
	 * Anonymous access, suitable for the local forge.
	 * @return credentials that are always empty
	 */
	static GitCredentials none() {
		return remote -> Optional.empty();
	}

	/**
	 * Token authentication over HTTPS as GitHub expects it: the token as password with a fixed
	 * user name.
	 * @param token supplies the current token; called on every network operation
	 * @return credentials backed by the token
	 */
	static GitCredentials token(Supplier<String> token) {
		Objects.requireNonNull(token, "token");
		return remote -> Optional.of(new Credentials("x-access-token", token.get()));
	}

	/**
	 * A user name and secret (password or token).
	 *
	 * @param username user name sent to the remote
	 * @param secret password or token
	 */
	record Credentials(String username, String secret) {

		public Credentials {
			Objects.requireNonNull(username, "username");
			Objects.requireNonNull(secret, "secret");
		}

		// Records print their components; a logged Credentials must not reveal the secret.
		@Override
		public String toString() {
			return "Credentials[username=" + this.username + ", secret=******]";
		}

	}

}
