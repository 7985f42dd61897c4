package io.quantapilot.forge;

/**
 * A pull request as its forge reports it.
 *
 * @param number its number on the forge
 * @param url its web page
 * @param state {@code open}, {@code closed} (unmerged) or {@code merged}
 * @param headSha the head commit
 * @param mergeCommitSha the merge commit once merged, else null
 */
public record RemotePullRequest(int number, String url, String state, String headSha, String mergeCommitSha) {

	public boolean merged() {
		return "merged".equals(state);
	}

	public boolean closed() {
		return "closed".equals(state);
	}

}
