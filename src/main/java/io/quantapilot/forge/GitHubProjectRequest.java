package io.quantapilot.forge;

import java.time.Instant;
import java.util.UUID;

/**
 * What a GitHub webhook asked for, and what became of it.
 *
 * @param id the request
 * @param deliveryId the webhook delivery ({@code X-GitHub-Delivery}) that made it
 * @param source {@code push} (README.md changed on the default branch) or {@code issue} (an issue
 * labelled for QuantaPilot)
 * @param owner repository owner
 * @param name repository name
 * @param sourceKey the head commit of the push, or the issue number
 * @param repositoryUrl the watched repository's URL
 * @param title the issue's title (the project's name), or null
 * @param readme the issue's body (the project's README), or null for a push (the README is read from the
 * repository)
 * @param issueNumber the issue, or null
 * @param status {@code pending}, {@code started}, {@code skipped} (a project for the repository was
 * running) or {@code rejected} (the project could not be created)
 * @param reason why no project was started, or null
 * @param projectId the project started, or null
 * @param projectOutcome {@code completed}, {@code failed} or {@code cancelled} once the project got there
 * @param createdAt when the webhook arrived
 */
public record GitHubProjectRequest(UUID id, String deliveryId, String source, String owner, String name,
		String sourceKey, String repositoryUrl, String title, String readme, Integer issueNumber, String status,
		String reason, UUID projectId, String projectOutcome, Instant createdAt) {

	/** Whether the request came from a push of README.md. */
	public boolean fromPush() {
		return "push".equals(source);
	}

}
