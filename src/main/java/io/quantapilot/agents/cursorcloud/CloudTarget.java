package io.quantapilot.agents.cursorcloud;

import java.util.regex.Pattern;

import io.quantapilot.agents.spi.AgentTask;
import io.quantapilot.common.QuantaPilotException;

/**
 * Where a cloud agent works: the GitHub repository, the ref it starts from, and the branch it pushes to.
 *
 * @param repository {@code https://github.com/owner/name}
 * @param ref branch, tag or commit to start from
 * @param branchName the agent's target branch
 */
record CloudTarget(String repository, String ref, String branchName) {

	private static final Pattern GITHUB = Pattern.compile("https://github\\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+?(\\.git)?/?");

	/**
	 * The task's target. The task carries no repository, ref or branch yet, so they come from the settings;
	 * once {@link AgentTask} has them, each becomes the task's value with the setting as fallback.
	 */
	static CloudTarget of(AgentTask task, CursorCloudSettings settings) {
		String repository = settings.repository();
		String ref = settings.ref();
		String branch = settings.branchPrefix() + task.projectId().toString().substring(0, 8) + "/"
				+ (task.stageNumber() != null ? "stage-" + task.stageNumber() : "plan") + "-" + task.role().wireName();
		return new CloudTarget(checkedRepository(repository), ref, branch);
	}

	static String checkedRepository(String repository) {
		if (repository == null || repository.isBlank()) {
			throw new QuantaPilotException.InvalidRequest("repository_url", "cursor-cloud works on a GitHub repository, "
					+ "and none is known for this project: set quantapilot.agents.cursor-cloud.repository");
		}
		String trimmed = repository.trim();
		if (!GITHUB.matcher(trimmed).matches()) {
			throw new QuantaPilotException.InvalidRequest("repository_url",
					"cursor-cloud needs a GitHub https URL (https://github.com/owner/name), not " + trimmed);
		}
		return trimmed.replaceAll("(\\.git)?/?$", "");
	}

}
