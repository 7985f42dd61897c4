package io.quantapilot.forge;

import java.util.UUID;

/**
 * A request to merge a stage's pull request.
 *
 * @param projectId the project
 * @param stage the stage number
 * @param number the pull request number
 * @param branch its head branch
 * @param expectedHeadSha the head whose checks were judged; nothing else is merged
 * @param title the merge commit's subject
 * @param message the merge commit's body
 * @param trailer the {@code QuantaPilot-Stage} trailer value that marks the merge on {@code main}
 */
public record MergeRequest(UUID projectId, int stage, int number, String branch, String expectedHeadSha,
		String title, String message, String trailer) {
}
