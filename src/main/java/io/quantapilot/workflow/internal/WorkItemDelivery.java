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
				// The worker and the poll loop both deliver; a second delivery of the same result, arriving after
				// the process came back to the same activity (a fix attempt), would trigger — and skip — the
				// next run of that step. Claiming the item first makes delivery happen exactly once.
				if (!workItems.claimDelivery(item.id())) {
					return true;
				}
				ProcessInstance instance = runtime.createProcessInstanceQuery()
					.processInstanceId(item.processInstanceId())
					.singleResult();
				Execution execution = runtime.createExecutionQuery().executionId(item.executionId()).singleResult();
				if (instance == null || execution == null || !item.step().equals(execution.getActivityId())) {
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

}
