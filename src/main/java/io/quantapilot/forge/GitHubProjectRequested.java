package io.quantapilot.forge;

import java.util.UUID;

/**
 * A GitHub webhook asked for a project (a README pushed to a watched repository, or an issue labelled
 * for QuantaPilot); the request is stored in {@link GitHubProjectRequests} under {@code requestId}. Whoever
 * creates projects claims it there, so handling the event twice starts one project.
 *
 * @param requestId the stored request
 */
public record GitHubProjectRequested(UUID requestId) {
}
