package io.quantapilot.forge;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A stage's pull request: on the local forge a record here, checked by the platform's own test run; on
 * GitHub the platform's mirror of the pull request there, with the last judgement of its checks.
 *
 * @param id record id
 * @param projectId the project
 * @param stageNumber the stage
 * @param number its number on the forge
 * @param title its title
 * @param branch the head branch
 * @param headCommit the head commit last seen
 * @param status {@code open}, {@code merged} or {@code closed}
 * @param url its web page (GitHub) or clone URL anchor (local)
 * @param mergeCommitId the merge commit once merged
 * @param createdAt when it was recorded
 * @param mergedAt when it was merged
 * @param checks each check of the head: {@code kind}, {@code name}, {@code status}, {@code conclusion}, …
 * @param checksState the verdict on them: {@code pending}, {@code success}, {@code failure},
 * {@code timed_out}, … or null before the first judgement
 */
public record PullRequest(UUID id, UUID projectId, int stageNumber, int number, String title, String branch,
		String headCommit, String status, String url, String mergeCommitId, Instant createdAt, Instant mergedAt,
		List<Map<String, Object>> checks, String checksState) {
}
