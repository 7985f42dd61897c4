package io.quantapilot.forge;

/**
 * What came of a merge request.
 *
 * @param kind what happened
 * @param commitId the merge commit when merged, the new head when the head changed, else null
 * @param detail what a person reading the decision needs to know
 */
public record MergeOutcome(Kind kind, String commitId, String detail) {

	/** Kinds of outcome. */
	public enum Kind {

		/** Merged now or before; the branch is deleted. */
		MERGED,

		/** The head moved since its checks were judged; they must be judged again. */
		HEAD_CHANGED,

		/** The branch was behind and has been brought up to date; its new head needs checks. */
		BRANCH_UPDATED,

		/** The branch does not merge cleanly; a person (or a new implementation) must resolve it. */
		CONFLICT,

		/** The pull request was closed without merging outside the platform. */
		CLOSED

	}

	public static MergeOutcome merged(String commitId) {
		return new MergeOutcome(Kind.MERGED, commitId, "merged");
	}

}
