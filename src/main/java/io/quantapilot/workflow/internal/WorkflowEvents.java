package io.quantapilot.workflow.internal;

import io.quantapilot.decisions.DecisionMade;
import io.quantapilot.projects.ProjectCancelled;
import io.quantapilot.projects.ProjectCreated;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Reacts to other modules' events. The listeners run after the publishing transaction commits, each in
 * its own transaction, and the event publication registry resubmits any that did not complete.
 */
@Component
class WorkflowEvents {

	private final FlowableWorkflowService workflow;

	private final ParkedSteps parked;

	WorkflowEvents(FlowableWorkflowService workflow, ParkedSteps parked) {
		this.workflow = workflow;
		this.parked = parked;
	}

	@ApplicationModuleListener
	void on(ProjectCreated event) {
		workflow.start(event.projectId());
	}

	@ApplicationModuleListener
	void on(DecisionMade event) {
		if (event.taskId() != null) {
			workflow.completeDecidedTasks(event.projectId());
		}
		else {
			parked.resolve(event);
		}
	}

	/**
	 * Not one transaction around the listener: a cancel that races a step result being delivered to the same
	 * execution loses the engine's optimistic lock, and only a fresh transaction can try again.
	 */
	@Async
	@TransactionalEventListener
	void on(ProjectCancelled event) {
		workflow.stopRetrying(event.projectId(), event.reason());
	}

}
