package io.quantapilot.workflow.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.decisions.Decision;
import io.quantapilot.decisions.DecisionMade;
import io.quantapilot.decisions.DecisionService;
import io.quantapilot.decisions.DecisionType;
import io.quantapilot.projects.Project;
import io.quantapilot.projects.ProjectService;
import io.quantapilot.projects.StageStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Steps that cannot go on without a person: a run the budget cannot cover ({@code budget_exceeded}) or an
 * agent that keeps failing ({@code agent_failure}). The step is parked on a decision; the answer puts it
 * back in the queue (approve, or modify: raise the budget / switch the provider) or stops the project
 * (reject).
 */
@Component
class ParkedSteps {

	private static final Logger log = LoggerFactory.getLogger(ParkedSteps.class);

	private final WorkItemRepository workItems;

	private final DecisionService decisions;

	private final ProjectService projects;

	private final DecisionTimeouts timeouts;

	ParkedSteps(WorkItemRepository workItems, DecisionService decisions, ProjectService projects,
			DecisionTimeouts timeouts) {
		this.workItems = workItems;
		this.decisions = decisions;
		this.projects = projects;
		this.timeouts = timeouts;
	}

	@Transactional
	void park(WorkItem item, DecisionType type, String error, Map<String, Object> details) {
		Map<String, Object> context = new LinkedHashMap<>(details);
		context.put("step", item.step());
		if (item.stageNumber() != null) {
			context.put("stage", item.stageNumber());
		}
		context.put("error", error);
		Project project = projects.get(item.projectId());
		context.put("project_name", project.name());
		context.put("how_to_answer", type == DecisionType.BUDGET_EXCEEDED
				? "approve after raising budget_limits with PATCH, or modify with {\"budget_limits\": {…}}, or reject to stop"
				: "approve to retry, modify with {\"agent_provider\": \"…\"} to switch provider, or reject to abort");
		Instant timeoutAt = Instant.now().plus(timeouts.of(project.configuration(), type));
		Decision decision = decisions.open(item.projectId(), type, context, List.of("approve", "modify", "reject"), null,
				timeoutAt, 0);
		if (!workItems.park(item.id(), error, decision.id())) {
			decisions.cancelPending(item.projectId());
			return;
		}
		if (item.stageNumber() != null) {
			projects.stageStep(item.projectId(), item.stageNumber(), StageStatus.AWAITING_DECISION, item.step(), false);
		}
		log.info("{} parked on a {} decision ({})", item.stepKey(), type.wireName(), decision.id());
	}

	/**
	 * Parked steps whose decision got no answer in time: the type's policy escalates (the decision is marked
	 * timed out and asked again one level up, the step parked on the new one), approves or rejects on
	 * everyone's behalf (answered like a person's answer), or fails the project. Conditional updates make it
	 * safe when several engine nodes sweep at once.
	 */
	@Transactional
	void timeOutOverdue() {
		for (Decision overdue : decisions.overdue(List.of(DecisionType.BUDGET_EXCEEDED, DecisionType.AGENT_FAILURE), 50)) {
			WorkItem item = workItems.findParkedOn(overdue.id()).orElse(null);
			Project project = projects.get(overdue.projectId());
			Duration waited = timeouts.of(project.configuration(), overdue.type());
			switch (timeouts.onTimeout(overdue.type())) {
				case APPROVE -> decisions.decideOnTimeout(overdue.id(), "approve",
						"approved automatically: no answer within " + waited);
				case REJECT -> decisions.decideOnTimeout(overdue.id(), "reject",
						"rejected automatically: no answer within " + waited);
				case FAIL -> {
					if (decisions.decideOnTimeout(overdue.id(), null, null) && item != null) {
						workItems.fail(item.id(), overdue.type().wireName() + " got no answer within " + waited);
						projects.markFailed(overdue.projectId(),
								item.step() + ": " + overdue.type().wireName() + " got no answer within " + waited);
					}
				}
				default -> {
					if (decisions.markTimedOut(overdue.id()) && item != null) {
						Map<String, Object> context = new LinkedHashMap<>(overdue.context());
						context.put("escalated", true);
						Decision again = decisions.open(overdue.projectId(), overdue.type(), context, overdue.options(),
								null, Instant.now().plus(waited), overdue.escalationLevel() + 1);
						workItems.repark(item.id(), overdue.id(), again.id());
					}
				}
			}
		}
	}

	@Transactional
	void resolve(DecisionMade made) {
		if (made.type() != DecisionType.BUDGET_EXCEEDED && made.type() != DecisionType.AGENT_FAILURE) {
			return;
		}
		WorkItem item = workItems.findParkedOn(made.decisionId()).orElse(null);
		if (item == null) {
			return;
		}
		Decision decision = decisions.get(made.decisionId());
		String actor = made.decidedBy();
		switch (made.outcome()) {
			case "reject" -> {
				workItems.fail(item.id(), "stopped by " + actor + " at a " + made.type().wireName() + " decision");
				if (made.type() == DecisionType.BUDGET_EXCEEDED) {
					projects.cancel(item.projectId(), "budget exhausted; stopped by " + actor, actor);
				}
				else {
					projects.markFailed(item.projectId(), item.step() + " failed and " + actor + " aborted the project");
				}
				return;
			}
			case "modify" -> apply(item.projectId(), decision.modifications(), actor);
			default -> {
				// approve: go on with the current settings
			}
		}
		workItems.unpark(item.id());
		if (item.stageNumber() != null) {
			projects.stageStep(item.projectId(), item.stageNumber(), StageStatus.RUNNING, item.step(), false);
		}
	}

	private void apply(UUID projectId, Map<String, Object> modifications, String actor) {
		if (modifications == null) {
			return;
		}
		Map<String, Object> configuration = null;
		if (modifications.get("agent_provider") instanceof String provider) {
			configuration = new HashMap<>();
			configuration.put("agent_provider", provider);
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> budget = modifications.get("budget_limits") instanceof Map<?, ?> m
				? (Map<String, Object>) m : null;
		if (configuration != null || budget != null) {
			try {
				projects.reconfigure(projectId, configuration, budget, actor);
			}
			catch (QuantaPilotException ex) {
				log.warn("Modifications of {} not applied: {}", projectId, ex.getMessage());
			}
		}
	}

}
