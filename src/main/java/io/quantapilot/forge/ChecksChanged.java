package io.quantapilot.forge;

import java.util.UUID;

/**
 * Something about a stage pull request's checks or state changed on the forge (a check run completed, a
 * status was set, the pull request was merged or closed by a person): the stage waiting for its checks
 * should look again now instead of at its next poll.
 *
 * @param projectId the project
 * @param stage the stage number
 * @param cause the GitHub event that told us, e.g. {@code check_run}
 */
public record ChecksChanged(UUID projectId, int stage, String cause) {
}
