package io.quantapilot.agents.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import io.quantapilot.agents.AgentRole;

/**
 * One run's input.
 *
 * @param projectId the project
 * @param stageNumber the stage (null for the architect)
 * @param role who runs
 * @param workspace the project's working copy; the only place the agent may write
 * @param readme the project's README
 * @param comments human comments to take into account (a "modify" decision), may be empty
 * @param failureReport failing test output from the previous attempt, may be empty
 * @param prompt the rendered role prompt (instructions plus bounded project context) for model-driven providers
 * @param model the model to use, or null for the provider's configured default
 * @param timeout how long the run may take before the provider must stop it
 * @param repositoryUrl the project's repository on its forge, for providers that work on the repository rather
 * than the workspace (a cloud agent); null when the project's forge is not one such a provider can reach
 * @param baseRef the branch (or commit) the run starts from on that repository, null with {@code repositoryUrl}
 * @param branch the branch the run's work must end up on (the stage branch, or a plan branch for the architect);
 * the pipeline fetches it into the workspace after the run; null with {@code repositoryUrl}
 */
public record AgentTask(UUID projectId, Integer stageNumber, AgentRole role, Path workspace, String readme,
		String comments, String failureReport, String prompt, String model, Duration timeout, String repositoryUrl,
		String baseRef, String branch) {

	/** A task without a repository to work on: the provider writes into the workspace. */
	public AgentTask(UUID projectId, Integer stageNumber, AgentRole role, Path workspace, String readme,
			String comments, String failureReport, String prompt, String model, Duration timeout) {
		this(projectId, stageNumber, role, workspace, readme, comments, failureReport, prompt, model, timeout, null,
				null, null);
	}

	/** A task without a rendered prompt (providers that write from templates ignore it). */
	public AgentTask(UUID projectId, Integer stageNumber, AgentRole role, Path workspace, String readme,
			String comments, String failureReport) {
		this(projectId, stageNumber, role, workspace, readme, comments, failureReport, "", null,
				Duration.ofHours(2));
	}

}
