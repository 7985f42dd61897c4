package io.quantapilot.forge;

import java.util.Objects;

/**
 * Outcome of squash-merging a stage branch into {@code main}.
 *
 * @param commitId id of the squash commit on {@code main}
 * @param alreadyMerged {@code true} when an earlier attempt had already merged the stage and this
 * call only completed the leftovers (such as deleting the branch)
 */
public record MergeResult(String commitId, boolean alreadyMerged) {

	public MergeResult {
		Objects.requireNonNull(commitId, "commitId");
	}

}
