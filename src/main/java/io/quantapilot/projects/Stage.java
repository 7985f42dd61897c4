package io.quantapilot.projects;

import java.time.Instant;
import java.util.List;

/** One planned stage of a project, with its progress. */
public record Stage(int number, String name, String goal, List<String> acceptanceCriteria, long estimatedTokens,
		StageStatus status, String branch, String currentStep, int attempts, String commitId, String mergeCommitId,
		Instant startedAt, Instant completedAt) {

	/** The stage branch name, {@code feature/stage-{n}-{slug}} (DESIGN §2). */
	public static String branchFor(int number, String name) {
		return "feature/stage-" + number + "-" + name;
	}

}
