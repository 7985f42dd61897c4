package io.quantapilot.agents.spi;

import java.nio.file.Path;
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
 */
public record AgentTask(UUID projectId, Integer stageNumber, AgentRole role, Path workspace, String readme,
		String comments, String failureReport) {
}
