package io.quantapilot.workflow.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quantapilot.agents.AgentService;
import io.quantapilot.decisions.Decision;
import io.quantapilot.decisions.DecisionService;
import io.quantapilot.decisions.DecisionType;
import io.quantapilot.projects.Project;
import io.quantapilot.projects.ProjectService;
import io.quantapilot.projects.Stage;
import io.quantapilot.projects.StageStatus;
import io.quantapilot.quality.QualityService;
import org.flowable.task.service.delegate.DelegateTask;
import org.flowable.engine.delegate.TaskListener;

import org.springframework.stereotype.Component;

/**
 * Opens the decision record when the engine reaches a decision user task, with the context a person needs
 * to answer it, and moves the project or stage into its waiting status.
 */
@Component("decisionTaskListener")
class DecisionTaskListener implements TaskListener {

	private final DecisionService decisions;

	private final ProjectService projects;

	private final QualityService quality;

	private final AgentService agents;

	private final DecisionTimeouts timeouts;

	DecisionTaskListener(DecisionService decisions, ProjectService projects, QualityService quality,
			AgentService agents, DecisionTimeouts timeouts) {
		this.agents = agents;
		this.timeouts = timeouts;
		this.decisions = decisions;
		this.projects = projects;
		this.quality = quality;
	}

	@Override
	public void notify(DelegateTask task) {
		UUID projectId = ProcessVariables.projectId(task);
		DecisionType type = DecisionType.fromWireName(task.getTaskDefinitionKey());
		Map<String, Object> context = new LinkedHashMap<>();
		Project project = projects.get(projectId);
		context.put("project_name", project.name());
		List<String> options;
		if (type == DecisionType.PLAN_APPROVAL) {
			projects.markAwaitingApproval(projectId);
			context.put("plan_revision", ProcessVariables.integer(task, ProcessVariables.PLAN_REVISION));
			context.put("plan_summary", task.getVariable("planSummary"));
			List<Stage> stages = projects.stages(projectId);
			context.put("stages", stages.stream().map(DecisionTaskListener::stageContext).toList());
			long planned = stages.stream().mapToLong(Stage::estimatedTokens).sum();
			// The estimate from the plan, priced with the developer's model; what was spent so far is added.
			AgentService.Spending spent = agents.spending(projectId);
			context.put("estimated_tokens", planned);
			context.put("estimated_cost_usd", agents.estimateCost(planned, project.agentProvider()).add(spent.costUsd()));
			context.put("spent_so_far", Map.of("tokens", spent.tokens(), "cost_usd", spent.costUsd()));
			context.put("budget_limits", project.budgetLimits());
			context.put("repository_url", project.repositoryUrl());
			options = List.of("approve", "reject", "modify");
		}
		else {
			int stage = ProcessVariables.integer(task, ProcessVariables.STAGE_INDEX);
			projects.stageStep(projectId, stage, StageStatus.AWAITING_DECISION, task.getTaskDefinitionKey(), false);
			context.put("stage", stage);
			context.put("fix_attempts", ProcessVariables.integer(task, ProcessVariables.FIX_ATTEMPT));
			quality.latest(projectId, stage).ifPresent(run -> context.put("last_test_run", run.summaryMap()));
			if (type == DecisionType.MERGE_APPROVAL) {
				// Why the stage could not be merged: failed or pending checks, a conflict, a closed pull request.
				context.put("reason", String.valueOf(task.getVariable("mergeProblem")));
			}
			options = List.of("approve", "reject");
			if (type == DecisionType.QUALITY_OVERRIDE) {
				quality.latestEvaluation(projectId, stage).ifPresent(evaluation -> {
					context.put("quality_evaluation_id", evaluation.id().toString());
					context.put("failed_gates", evaluation.failedGates());
					context.put("gates", evaluation.gates());
				});
				context.put("option_meanings", QualityDecisionSteps.OPTION_MEANINGS);
				options = List.of("approve", "modify", "reject");
			}
		}
		int level = ProcessVariables.integer(task, ProcessVariables.ESCALATION_LEVEL);
		if (level > 0) {
			context.put("escalated", true);
		}
		Instant timeoutAt = Instant.now().plus(Duration.parse(timeouts.of(task, type.wireName())));
		Decision decision = decisions.open(projectId, type, context, options, task.getId(), timeoutAt, level);
		task.setVariable(ProcessVariables.DECISION_ID, decision.id().toString());
	}

	private static Map<String, Object> stageContext(Stage stage) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("number", stage.number());
		map.put("name", stage.name());
		map.put("goal", stage.goal());
		map.put("acceptance_criteria", stage.acceptanceCriteria());
		map.put("estimated_tokens", stage.estimatedTokens());
		return map;
	}

}
