package io.quantapilot.agents;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * What the pipeline asks of an agent run.
 *
 * @param stepKey idempotency key of the step: a succeeded run with this key is reused
 * @param projectId the project
 * @param stageNumber the stage, or null for the architect
 * @param role who runs
 * @param workspace the project's working copy
 * @param projectProvider the provider the project chose ({@code configuration.agent_provider}), or null
 * @param readme the project's README
 * @param comments human comments (a "modify" decision, retry guidance), may be empty
 * @param failureReport failing tests or gate report of the previous attempt, may be empty
 * @param stage the stage being built, or null for the architect
 * @param earlierStages one line per completed stage, for context
 * @param budget the project's limits
 * @param estimatedTokens expected tokens of this run (from the plan), 0 when unknown
 * @param repository where on the project's forge a provider that works on the repository (a cloud agent) starts
 * and leaves its work, or null when the project's forge is not reachable for such providers
 */
public record AgentRequest(String stepKey, UUID projectId, Integer stageNumber, AgentRole role, Path workspace,
		String projectProvider, String readme, String comments, String failureReport, StageBrief stage,
		List<String> earlierStages, Budget budget, long estimatedTokens, RepositoryTarget repository) {

	/** A request without a repository target: the provider writes into the workspace. */
	public AgentRequest(String stepKey, UUID projectId, Integer stageNumber, AgentRole role, Path workspace,
			String projectProvider, String readme, String comments, String failureReport, StageBrief stage,
			List<String> earlierStages, Budget budget, long estimatedTokens) {
		this(stepKey, projectId, stageNumber, role, workspace, projectProvider, readme, comments, failureReport,
				stage, earlierStages, budget, estimatedTokens, null);
	}

	/**
	 * The project's repository as a remote agent sees it.
	 *
	 * @param url the repository's web URL on the forge, e.g. {@code https://github.com/owner/name}
	 * @param baseRef the branch the run starts from
	 * @param branch the branch the run's work goes to
	 */
	public record RepositoryTarget(String url, String baseRef, String branch) {
	}

	/** The stage as the prompt describes it. */
	public record StageBrief(int number, String name, String goal, List<String> acceptanceCriteria) {
	}

	/** A project's limits; null fields are unlimited. */
	public record Budget(Long maxTokens, BigDecimal maxCostUsd) {

		public static final Budget UNLIMITED = new Budget(null, null);

		public boolean limited() {
			return maxTokens != null || maxCostUsd != null;
		}

	}

}
