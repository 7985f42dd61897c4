package io.quantapilot.workflow.internal;

import java.util.Map;

import org.flowable.common.engine.api.FlowableOptimisticLockingException;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.runtime.Execution;
import org.flowable.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands a completed work item's result to the waiting execution (one transaction: trigger + mark
 * delivered). A suspended (paused) process keeps the result until it is resumed.
 */
@Component
class WorkItemDelivery {

	private static final Logger log = LoggerFactory.getLogger(WorkItemDelivery.class);

	private final WorkItemRepository workItems;

	private final RuntimeService runtime;

	private final TransactionTemplate tx;

	WorkItemDelivery(WorkItemRepository workItems, RuntimeService runtime, TransactionTemplate tx) {
		this.workItems = workItems;
		this.runtime = runtime;
		this.tx = tx;
	}

	/** Returns true when the result reached the engine (or the execution no longer exists). */
	boolean deliver(WorkItem item) {
		try {
			return Boolean.TRUE.equals(tx.execute(status -> {
				// Claim the delivery first: the row lock makes a concurrent deliverer wait and then find nothing,
				// so a result is never handed over twice (which would complete the NEXT step of the execution).
				if (!workItems.claimDelivery(item.id())) {
					return true;
				}
				ProcessInstance instance = runtime.createProcessInstanceQuery()
					.processInstanceId(item.processInstanceId())
					.singleResult();
				Execution execution = runtime.createExecutionQuery().executionId(item.executionId()).singleResult();
				// The same activity is entered again by later attempts (fix loop, waits for checks): only the
				// item the execution waits for now may move it.
				if (instance == null || execution == null || !item.step().equals(execution.getActivityId())
						|| !awaits(execution, item)) {
					workItems.markAbandoned(item.id());
					return true;
				}
				if (instance.isSuspended()) {
					status.setRollbackOnly();
					return false;
				}
				Map<String, Object> result = workItems.result(item.id()).orElse(Map.of());
				runtime.trigger(item.executionId(), result);
				return true;
			}));
		}
		catch (FlowableOptimisticLockingException ex) {
			log.info("Delivery of {} raced with another change; it will be retried", item.stepKey());
			return false;
		}
	}

	private boolean awaits(Execution execution, WorkItem item) {
		Object awaited = runtime.getVariable(execution.getId(), StepDispatcher.AWAITED_STEP_KEY);
		return awaited == null || item.stepKey().equals(awaited);
	}

}
