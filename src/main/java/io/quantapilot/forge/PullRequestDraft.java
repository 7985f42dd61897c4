package io.quantapilot.forge;

import java.util.UUID;

/**
 * A stage's pull request as the platform wants it.
 *
 * @param projectId the project
 * @param stage the stage number
 * @param title {@code Stage {n}: {name}}
 * @param body the description (goal, changes, tests, usage)
 * @param branch the head branch
 * @param headSha the commit the platform pushed to it
 */
public record PullRequestDraft(UUID projectId, int stage, String title, String body, String branch,
		String headSha) {
}
