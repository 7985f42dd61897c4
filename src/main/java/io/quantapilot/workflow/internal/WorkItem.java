package io.quantapilot.workflow.internal;

import java.util.Map;
import java.util.UUID;

/**
 * A long step enqueued by the engine and run by a worker under a lease. {@code stepKey} is
 * (project, step, stage, attempt): the identity that makes the step idempotent.
 */
record WorkItem(UUID id, String stepKey, UUID projectId, String processInstanceId, String executionId, String step,
		Integer stageNumber, String status, int attempts, int maxAttempts, Map<String, Object> variables,
		String lastError) {
}
