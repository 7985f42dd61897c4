package io.quantapilot.workflow.internal;

import java.util.UUID;

import io.quantapilot.projects.ProjectService;
import io.quantapilot.projects.StageStatus;
import org.flowable.engine.delegate.DelegateExecution;

import org.springframework.stereotype.Component;

/**
 * Bookkeeping of the merge area of project-lifecycle, called as {@code ${mergeDecisions.…(execution)}}
 * inside the engine's transaction.
 */
@Component("mergeDecisions")
class MergeDecisions {

	private final ProjectService projects;

	MergeDecisions(ProjectService projects) {
		this.projects = projects;
	}

	/** A person rejected merging the stage: the stage and the project fail until someone retries. */
	public void reject(DelegateExecution execution) {
		UUID projectId = ProcessVariables.projectId(execution);
		int stage = ProcessVariables.integer(execution, ProcessVariables.STAGE_INDEX);
		Object problem = execution.getVariable("mergeProblem");
		projects.stageFinished(projectId, stage, StageStatus.FAILED, null);
		projects.markFailed(projectId, "stage " + stage + " was not merged"
				+ (problem != null && !problem.toString().isBlank() ? " (" + problem + ")" : "")
				+ " and merging it anyway was rejected");
	}

}
