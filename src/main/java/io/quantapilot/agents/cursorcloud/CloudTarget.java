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
	 * The task's target: the project's repository, base ref and branch as the pipeline gives them (a project on
	 * the GitHub forge); for a task without them (a provider check, a direct run) the configured
	 * {@code repository} and {@code ref}, pushing to {@code <branch-prefix><project>/<stage>-<role>}.
	 */
	static CloudTarget of(AgentTask task, CursorCloudSettings settings) {
		if (task.repositoryUrl() != null && !task.repositoryUrl().isBlank()) {
			String ref = task.baseRef() != null && !task.baseRef().isBlank() ? task.baseRef() : settings.ref();
			String branch = task.branch() != null && !task.branch().isBlank() ? task.branch() : fallbackBranch(task, settings);
			return new CloudTarget(forgeRepository(task.repositoryUrl()), ref, branch);
		}
		return new CloudTarget(checkedRepository(settings.repository()), settings.ref(), fallbackBranch(task, settings));
	}

	private static String fallbackBranch(AgentTask task, CursorCloudSettings settings) {
		return settings.branchPrefix() + task.projectId().toString().substring(0, 8) + "/"
				+ (task.stageNumber() != null ? "stage-" + task.stageNumber() : "plan") + "-" + task.role().wireName();
	}

	/**
	 * The repository URL the forge gave (its web URL, e.g. {@code https://github.com/owner/name}); it came from
	 * our own forge configuration (which may point at a GitHub Enterprise host), so any http(s) URL is taken.
	 */
	static String forgeRepository(String url) {
		String trimmed = url.trim();
		java.net.URI uri;
		try {
			uri = java.net.URI.create(trimmed);
		}
		catch (IllegalArgumentException ex) {
			throw new QuantaPilotException.InvalidRequest("repository_url", "the project's repository URL is not a URL: "
					+ trimmed);
		}
		if (uri.getHost() == null || !"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())
				|| uri.getUserInfo() != null) {
			throw new QuantaPilotException.InvalidRequest("repository_url",
					"cursor-cloud needs the project's repository as an http(s) URL without credentials, not " + trimmed);
		}
		return trimmed.replaceAll("(\\.git)?/?$", "");
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
