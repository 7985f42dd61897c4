package io.quantapilot.workflow.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.quantapilot.workflow.WorkflowSettings;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

/**
 * The delegate of every long step: it enqueues a work item in the engine's transaction and leaves the
 * execution waiting (the service tasks are triggerable). The worker that runs the item triggers it.
 */
@Component("stepDispatcher")
class StepDispatcher implements JavaDelegate {

	static final Set<String> STAGE_STEPS = Set.of("implement", "qa", "verify", "merge");

	private final WorkItemRepository workItems;

	private final WorkflowSettings settings;

	StepDispatcher(WorkItemRepository workItems, WorkflowSettings settings) {
		this.workItems = workItems;
		this.settings = settings;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String step = execution.getCurrentActivityId();
		UUID projectId = ProcessVariables.projectId(execution);
		Integer stage = STAGE_STEPS.contains(step) ? ProcessVariables.integer(execution, ProcessVariables.STAGE_INDEX)
				: null;
		int attempt = switch (step) {
			case "plan" -> ProcessVariables.integer(execution, ProcessVariables.PLAN_REVISION);
			case "implement", "qa", "verify" -> ProcessVariables.integer(execution, ProcessVariables.FIX_ATTEMPT);
			// merge is entered again after every wait for checks; each entry is a new step.
			case "merge" -> nextMergeAttempt(execution);
			default -> 0;
		};
		int round = STAGE_STEPS.contains(step) ? ProcessVariables.integer(execution, ProcessVariables.STAGE_ROUND) : 0;
		Map<String, Object> variables = new HashMap<>();
		variables.put("attempt", attempt);
		Object comments = execution.getVariable(ProcessVariables.PLAN_COMMENTS);
		if (comments != null && "plan".equals(step)) {
			variables.put(ProcessVariables.PLAN_COMMENTS, comments);
		}
		if ("merge".equals(step)) {
			variables.put(MERGE_OVERRIDE, Boolean.TRUE.equals(execution.getVariable(MERGE_OVERRIDE)));
		}
		String key = stepKey(projectId, step, stage, attempt, round);
		execution.setVariable(AWAITED_STEP_KEY, key);
		workItems.enqueue(key, projectId, execution.getProcessInstanceId(), step, execution.getId(), step, stage,
				settings.stepAttempts(), variables, false);
	}

	/** The step key of the work item the execution waits for; results of any other item are stale. */
	static final String AWAITED_STEP_KEY = "awaitedStepKey";

	/** Set when a person approved merging a stage whatever its checks say. */
	static final String MERGE_OVERRIDE = "mergeOverride";

	private static final String MERGE_ATTEMPT = "mergeAttempt";

	private static int nextMergeAttempt(DelegateExecution execution) {
		int attempt = ProcessVariables.integer(execution, MERGE_ATTEMPT);
		execution.setVariable(MERGE_ATTEMPT, attempt + 1);
		return attempt;
	}

	static String stepKey(UUID projectId, String step, Integer stage, int attempt, int round) {
		StringBuilder key = new StringBuilder(projectId.toString()).append(':').append(step);
		if (stage != null) {
			key.append(":stage-").append(stage);
		}
		key.append(":attempt-").append(attempt);
		if (round > 0) {
			key.append(":round-").append(round);
		}
		return key.toString();
	}

}
