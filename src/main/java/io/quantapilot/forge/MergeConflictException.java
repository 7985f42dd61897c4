package io.quantapilot.forge;

import java.util.List;
import java.util.Map;

/**
 * Squash-merging a stage branch into {@code main} produced conflicts. Nothing was committed or
 * pushed; the branch has to be brought up to date with {@code main} before merging again.
 */
public class MergeConflictException extends GitOperationException {

	private static final long serialVersionUID = 1L;

	private final String branch;

	private final List<String> conflictingPaths;

	/**
	 * Creates the exception.
	 * @param branch the stage branch that could not be merged
	 * @param conflictingPaths paths that could not be merged automatically
	 */
	public MergeConflictException(String branch, List<String> conflictingPaths) {
		super("Merging " + branch + " into main conflicts in " + conflictingPaths,
				Map.of("branch", branch, "conflictingPaths", List.copyOf(conflictingPaths)), null, false);
		this.branch = branch;
		this.conflictingPaths = List.copyOf(conflictingPaths);
	}

	/**
	 * The stage branch that could not be merged.
	 * @return the branch name
	 */
	public String branch() {
		return this.branch;
	}

	/**
	 * Paths that could not be merged automatically.
	 * @return the paths, repository-relative
	 */
	public List<String> conflictingPaths() {
		return this.conflictingPaths;
	}

}
