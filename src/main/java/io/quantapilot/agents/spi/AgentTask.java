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
 */
public record AgentTask(UUID projectId, Integer stageNumber, AgentRole role, Path workspace, String readme,
		String comments, String failureReport, String prompt, String model, Duration timeout) {

	/** A task without a rendered prompt (providers that write from templates ignore it). */
	public AgentTask(UUID projectId, Integer stageNumber, AgentRole role, Path workspace, String readme,
			String comments, String failureReport) {
		this(projectId, stageNumber, role, workspace, readme, comments, failureReport, "", null,
				Duration.ofHours(2));
	}

}
