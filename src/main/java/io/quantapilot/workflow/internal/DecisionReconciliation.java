package io.quantapilot.workflow.internal;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Completes user tasks whose decision was answered but whose {@code DecisionMade} listener did not finish
 * (a crash between the two), and applies the timeout policies of parked steps' decisions. Engine
 * housekeeping: one role does it, so split processes do not race for the same tasks.
 */
@Component
@ConditionalOnRole(Role.ENGINE)
class DecisionReconciliation {

	private static final Logger log = LoggerFactory.getLogger(DecisionReconciliation.class);

	private final FlowableWorkflowService workflow;

	private final ParkedSteps parked;

	DecisionReconciliation(FlowableWorkflowService workflow, ParkedSteps parked) {
		this.workflow = workflow;
		this.parked = parked;
	}

	@Scheduled(fixedDelayString = "PT5S", initialDelayString = "PT5S")
	void timeOutParkedSteps() {
		try {
			parked.timeOutOverdue();
		}
		catch (RuntimeException ex) {
			log.warn("Timing out parked steps failed", ex);
		}
	}

	@Scheduled(fixedDelayString = "PT10S", initialDelayString = "PT10S")
	void reconcileDecisions() {
		try {
			workflow.completeAllDecidedTasks();
		}
		catch (RuntimeException ex) {
			log.debug("Decision reconciliation failed", ex);
		}
	}

}
