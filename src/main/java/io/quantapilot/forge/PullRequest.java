package io.quantapilot.forge;

import java.time.Instant;
import java.util.UUID;

/** A stage's pull request (on the local forge: a record here, checked by the platform's own test run). */
public record PullRequest(UUID id, UUID projectId, int stageNumber, int number, String title, String branch,
		String headCommit, String status, String url, String mergeCommitId, Instant createdAt, Instant mergedAt) {
}
