package io.quantapilot.workflow.internal;

import java.util.UUID;

import io.quantapilot.decisions.DecisionService;
import io.quantapilot.projects.ProjectService;
import io.quantapilot.projects.StageStatus;
import org.flowable.engine.delegate.DelegateExecution;

import org.springframework.stereotype.Component;

/**
 * The short bookkeeping steps of project-lifecycle, called as {@code ${pipeline.…(execution)}} inside the
 * engine's transaction (database work only, no outside effects).
 */
@Component("pipeline")
class Pipeline {

	private final ProjectService projects;

	private final DecisionService decisions;

	Pipeline(ProjectService projects, DecisionService decisions) {
		this.projects = projects;
		this.decisions = decisions;
	}

	/** The plan was approved: build stage 1 next. */
	public void startBuild(DelegateExecution execution) {
		UUID projectId = ProcessVariables.projectId(execution);
		projects.markInProgress(projectId);
		execution.setVariable(ProcessVariables.STAGE_INDEX, 1);
		execution.setVariable(ProcessVariables.STAGE_COUNT, projects.stages(projectId).size());
		execution.setVariable(ProcessVariables.FIX_ATTEMPT, 0);
	}

	/** The person asked for changes: plan again with their comments. */
	public void replan(DelegateExecution execution) {
		execution.setVariable(ProcessVariables.PLAN_REVISION,
				ProcessVariables.integer(execution, ProcessVariables.PLAN_REVISION) + 1);
		Object comments = execution.getVariable(ProcessVariables.COMMENTS);
		execution.setVariable(ProcessVariables.PLAN_COMMENTS, comments != null ? comments.toString() : "");
	}

	public void rejectPlan(DelegateExecution execution) {
		UUID projectId = ProcessVariables.projectId(execution);
		Object comments = execution.getVariable(ProcessVariables.COMMENTS);
		String reason = "plan rejected" + (comments != null && !comments.toString().isBlank() ? ": " + comments : "");
		projects.cancel(projectId, reason, "workflow");
	}

	public void nextFixAttempt(DelegateExecution execution) {
		execution.setVariable(ProcessVariables.FIX_ATTEMPT,
				ProcessVariables.integer(execution, ProcessVariables.FIX_ATTEMPT) + 1);
	}

	public void nextStage(DelegateExecution execution) {
		execution.setVariable(ProcessVariables.STAGE_INDEX,
				ProcessVariables.integer(execution, ProcessVariables.STAGE_INDEX) + 1);
		execution.setVariable(ProcessVariables.FIX_ATTEMPT, 0);
	}

	/** The quality override was rejected: the stage and the project fail until someone retries. */
	public void failStage(DelegateExecution execution) {
		UUID projectId = ProcessVariables.projectId(execution);
		int stage = ProcessVariables.integer(execution, ProcessVariables.STAGE_INDEX);
		projects.stageFinished(projectId, stage, StageStatus.FAILED, null);
		projects.markFailed(projectId, "stage " + stage + " failed its quality gates and the override was rejected");
	}

	/** retry_stage on a failed stage: start it over with fresh fix attempts. */
	public void restartStage(DelegateExecution execution) {
		execution.setVariable(ProcessVariables.FIX_ATTEMPT, 0);
		execution.setVariable(ProcessVariables.STAGE_ROUND,
				ProcessVariables.integer(execution, ProcessVariables.STAGE_ROUND) + 1);
	}

	/** A decision timed out: mark it, record the escalation, and ask again one level up. */
	public void escalate(DelegateExecution execution) {
		Object decisionId = execution.getVariable(ProcessVariables.DECISION_ID);
		if (decisionId != null) {
			decisions.markTimedOut(UUID.fromString(decisionId.toString()));
		}
		execution.setVariable(ProcessVariables.ESCALATION_LEVEL,
				ProcessVariables.integer(execution, ProcessVariables.ESCALATION_LEVEL) + 1);
	}

}
