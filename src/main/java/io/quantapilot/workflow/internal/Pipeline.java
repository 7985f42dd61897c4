package io.quantapilot.workflow.internal;

import java.util.UUID;

import io.quantapilot.decisions.Decision;
import io.quantapilot.decisions.DecisionService;
import io.quantapilot.decisions.DecisionStatus;
import io.quantapilot.decisions.DecisionType;
import io.quantapilot.projects.ProjectService;
import io.quantapilot.projects.StageStatus;
import io.quantapilot.workflow.DecisionPolicy;
import org.flowable.engine.delegate.DelegateExecution;

import org.springframework.stereotype.Component;

/**
 * The short bookkeeping steps of project-lifecycle, called as {@code ${pipeline.…(execution)}} inside the
 * engine's transaction (database work only, no outside effects).
 */
@Component("pipeline")
class Pipeline {

	/** Tells the gateway after a decision's timer what the timeout did. */
	private static final String TIMEOUT_ACTION = "timeoutAction";

	private final ProjectService projects;

	private final DecisionService decisions;

	private final DecisionTimeouts timeouts;

	Pipeline(ProjectService projects, DecisionService decisions, DecisionTimeouts timeouts) {
		this.projects = projects;
		this.decisions = decisions;
		this.timeouts = timeouts;
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

	/**
	 * A decision's timer fired. Sets {@code timeoutAction} for the gateway after it: {@code decide} with the
	 * outcome in {@code outcome} (the type's policy answered, or a person answered just before the timer),
	 * {@code escalate} (ask again one level up) or {@code fail} (the project failed; a stage stays retryable).
	 */
	public void decisionTimedOut(DelegateExecution execution, String typeName) {
		DecisionType type = DecisionType.fromWireName(typeName);
		UUID projectId = ProcessVariables.projectId(execution);
		Object decisionId = execution.getVariable(ProcessVariables.DECISION_ID);
		Decision decision = decisionId != null ? decisions.get(UUID.fromString(decisionId.toString())) : null;
		if (decision != null && decision.status() != DecisionStatus.PENDING && decision.decision() != null) {
			// Answered while the timer fired: the answer stands.
			decide(execution, decision.decision(), decision.comments());
			return;
		}
		String waited = timeouts.of(execution, typeName);
		switch (timeouts.onTimeout(type)) {
			case APPROVE, REJECT -> {
				String outcome = timeouts.onTimeout(type) == DecisionPolicy.OnTimeout.APPROVE
						? "approve" : "reject";
				String comments = outcome + "d automatically: no answer within " + waited;
				if (decision != null && !decisions.decideOnTimeout(decision.id(), outcome, comments)) {
					Decision answered = decisions.get(decision.id());
					decide(execution, answered.decision(), answered.comments());
					return;
				}
				decide(execution, outcome, comments);
			}
			case FAIL -> {
				if (decision != null) {
					decisions.decideOnTimeout(decision.id(), null, null);
				}
				String reason = typeName + " got no answer within " + waited;
				if (type != DecisionType.PLAN_APPROVAL) {
					int stage = ProcessVariables.integer(execution, ProcessVariables.STAGE_INDEX);
					projects.stageFinished(projectId, stage, StageStatus.FAILED, null);
					reason = "stage " + stage + ": " + reason;
				}
				projects.markFailed(projectId, reason);
				execution.setVariable(TIMEOUT_ACTION, "fail");
			}
			default -> {
				escalate(execution);
				execution.setVariable(TIMEOUT_ACTION, "escalate");
			}
		}
	}

	private static void decide(DelegateExecution execution, String outcome, String comments) {
		execution.setVariable(ProcessVariables.OUTCOME, outcome);
		execution.setVariable(ProcessVariables.COMMENTS, comments != null ? comments : "");
		execution.setVariable(TIMEOUT_ACTION, "decide");
	}

	/**
	 * A decision timed out: mark it, record the escalation, and ask again one level up. Process definitions
	 * deployed before per-type policies call this directly.
	 */
	public void escalate(DelegateExecution execution) {
		Object decisionId = execution.getVariable(ProcessVariables.DECISION_ID);
		if (decisionId != null) {
			decisions.markTimedOut(UUID.fromString(decisionId.toString()));
		}
		execution.setVariable(ProcessVariables.ESCALATION_LEVEL,
				ProcessVariables.integer(execution, ProcessVariables.ESCALATION_LEVEL) + 1);
	}

}
