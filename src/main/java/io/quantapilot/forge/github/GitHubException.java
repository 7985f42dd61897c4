package io.quantapilot.forge.github;

import java.util.Map;

import io.quantapilot.common.QuantaPilotException;

/**
 * A GitHub REST call failed. Carries the HTTP status and GitHub's own message (never the token), and
 * whether a later retry may succeed: server errors, timeouts and rate limits are transient; a rejected
 * token, a missing repository or a validation error is not.
 */
public class GitHubException extends QuantaPilotException {

	private static final long serialVersionUID = 1L;

	private final int status;

	private final String githubMessage;

	private final boolean transientFailure;

	GitHubException(String request, int status, String githubMessage, boolean transientFailure, Throwable cause) {
		super(request + " failed" + (status > 0 ? " with " + status : "")
				+ (githubMessage != null && !githubMessage.isBlank() ? ": " + githubMessage : ""),
				Map.of("github_status", status), cause);
		this.status = status;
		this.githubMessage = githubMessage != null ? githubMessage : "";
		this.transientFailure = transientFailure;
	}

	/** The HTTP status, or 0 when no response arrived. */
	public int status() {
		return status;
	}

	/** GitHub's {@code message} (and validation errors), or empty. */
	public String githubMessage() {
		return githubMessage;
	}

	@Override
	public boolean isTransient() {
		return transientFailure;
	}

}
