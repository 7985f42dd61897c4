package io.quantapilot.workflow.steps;

import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * What a step runs on.
 *
 * @param projectId the project
 * @param stageNumber the stage, for stage steps
 * @param stepKey the idempotency key (project, step, stage, attempt)
 * @param attempt the pipeline attempt of this step (plan revision, fix attempt)
 * @param variables process variables the step may need (comments of a decision, …)
 * @param cancelled becomes true when the worker lost its lease or the project was cancelled
 */
public record StepInvocation(UUID projectId, Integer stageNumber, String stepKey, int attempt,
		Map<String, Object> variables, BooleanSupplier cancelled) {

	public String variable(String name) {
		Object value = variables.get(name);
		return value != null ? value.toString() : null;
	}

}
