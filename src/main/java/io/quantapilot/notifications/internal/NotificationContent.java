package io.quantapilot.notifications.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.quantapilot.decisions.Decision;
import io.quantapilot.decisions.DecisionService;
import io.quantapilot.notifications.NotificationEvents;
import io.quantapilot.projects.Project;
import io.quantapilot.projects.ProjectService;

import org.springframework.stereotype.Component;

/**
 * Turns a journalled domain event into the notification events it stands for and their data — the
 * {@code data} of the webhook payload, which Telegram and e-mail render too. Names and figures are read
 * when the event is fanned out; what changed (from, to, outcome) comes from the event itself.
 */
@Component
class NotificationContent {

	private final ProjectService projects;

	private final DecisionService decisions;

	NotificationContent(ProjectService projects, DecisionService decisions) {
		this.projects = projects;
		this.decisions = decisions;
	}

	/** The notification events of a journal entry (a status change may also be a completion or failure). */
	List<String> events(JournalEntry entry) {
		List<String> events = new ArrayList<>();
		switch (entry.source()) {
			case "ProjectCreated" -> events.add(NotificationEvents.PROJECT_CREATED);
			case "ProjectStatusChanged" -> {
				events.add(NotificationEvents.PROJECT_STATUS_CHANGED);
				if ("completed".equals(entry.text("to"))) {
					events.add(NotificationEvents.PROJECT_COMPLETED);
				}
				if ("failed".equals(entry.text("to"))) {
					events.add(NotificationEvents.PROJECT_FAILED);
				}
			}
			case "StageFinished" -> {
				if ("completed".equals(entry.text("status"))) {
					events.add(NotificationEvents.STAGE_COMPLETED);
				}
			}
			case "BudgetThresholdReached" -> events.add(NotificationEvents.BUDGET_THRESHOLD_REACHED);
			case "DecisionRequested" -> events.add(NotificationEvents.DECISION_REQUIRED);
			case "DecisionReminder" -> events.add(NotificationEvents.DECISION_REMINDER);
			case "DecisionMade" -> events.add(NotificationEvents.DECISION_MADE);
			case "DecisionEscalated" -> events.add(NotificationEvents.DECISION_ESCALATED);
			default -> {
				// an event type this version does not notify about
			}
		}
		return events;
	}

	Map<String, Object> data(String event, JournalEntry entry) {
		Map<String, Object> data = new LinkedHashMap<>();
		if (entry.decisionId() != null) {
			Decision decision = decisions.get(entry.decisionId());
			Project project = projects.get(decision.projectId());
			data.put("decision_id", decision.id().toString());
			data.put("project_id", project.id().toString());
			data.put("project_name", project.name());
			data.put("type", decision.type().wireName());
			switch (event) {
				case NotificationEvents.DECISION_REQUIRED, NotificationEvents.DECISION_REMINDER -> {
					data.put("options", decision.options());
					data.put("context", decision.context());
					data.put("escalation_level", decision.escalationLevel());
					data.put("created_at", text(decision.createdAt()));
					data.put("timeout_at", text(decision.timeoutAt()));
				}
				case NotificationEvents.DECISION_MADE -> {
					data.put("outcome", entry.text("outcome"));
					data.put("status", decision.status().wireName());
					data.put("comments", decision.comments());
					data.put("decided_by", decision.decidedBy());
					data.put("decided_via", decision.decidedVia());
					data.put("decided_at", text(decision.decidedAt()));
				}
				default -> data.put("escalation_level", entry.data().get("level"));
			}
			return data;
		}
		Project project = projects.get(entry.projectId());
		data.put("project_id", project.id().toString());
		data.put("project_name", project.name());
		switch (event) {
			case NotificationEvents.PROJECT_CREATED -> {
				data.put("status", project.status().wireName());
				data.put("created_by", project.createdBy());
				data.put("estimated_cost_usd", project.estimatedCostUsd());
			}
			case NotificationEvents.PROJECT_STATUS_CHANGED -> {
				data.put("from", entry.text("from"));
				data.put("to", entry.text("to"));
				if ("failed".equals(entry.text("to")) || "cancelled".equals(entry.text("to"))) {
					data.put("reason", project.failureReason());
				}
			}
			case NotificationEvents.PROJECT_COMPLETED -> {
				data.put("repository_url", project.repositoryUrl());
				data.put("stages", projects.stages(project.id()).size());
				data.put("tokens_used", project.tokensUsed());
				data.put("cost_usd", project.costUsd());
				data.put("completed_at", text(project.completedAt()));
			}
			case NotificationEvents.PROJECT_FAILED -> data.put("reason", project.failureReason());
			case NotificationEvents.STAGE_COMPLETED -> {
				data.put("stage", entry.data().get("stage"));
				data.put("stage_name", entry.text("name"));
				data.put("duration_seconds", entry.data().get("duration_seconds"));
			}
			default -> data.putAll(entry.data());
		}
		return data;
	}

	private static String text(java.time.Instant instant) {
		return instant != null ? instant.toString() : null;
	}

}
