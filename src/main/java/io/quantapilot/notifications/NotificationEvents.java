package io.quantapilot.notifications;

import java.util.List;
import java.util.Set;

/** The names of the events people and webhooks can subscribe to (API.md, section on keys, webhooks and versions). */
public final class NotificationEvents {

	public static final String PROJECT_CREATED = "project.created";

	public static final String PROJECT_STATUS_CHANGED = "project.status_changed";

	public static final String PROJECT_COMPLETED = "project.completed";

	public static final String PROJECT_FAILED = "project.failed";

	public static final String STAGE_COMPLETED = "stage.completed";

	public static final String DECISION_REQUIRED = "hitl.decision_required";

	public static final String DECISION_MADE = "hitl.decision_made";

	public static final String DECISION_ESCALATED = "hitl.decision_escalated";

	/** A pending decision's timeout is near ({@code quantapilot.notifications.reminder-before}). */
	public static final String DECISION_REMINDER = "hitl.decision_reminder";

	/** A project's spending crossed 50, 80 or 100 % of its budget (the agents module's ledger). */
	public static final String BUDGET_THRESHOLD_REACHED = "budget.threshold_reached";

	/** Every event, in a stable order. */
	public static final List<String> ALL = List.of(PROJECT_CREATED, PROJECT_STATUS_CHANGED, STAGE_COMPLETED,
			DECISION_REQUIRED, DECISION_REMINDER, DECISION_MADE, DECISION_ESCALATED, BUDGET_THRESHOLD_REACHED,
			PROJECT_COMPLETED, PROJECT_FAILED);

	/** What a person gets on Telegram and by e-mail unless they choose otherwise. */
	public static final Set<String> PERSONAL_DEFAULTS = Set.of(DECISION_REQUIRED, DECISION_REMINDER, DECISION_MADE,
			DECISION_ESCALATED, PROJECT_COMPLETED, PROJECT_FAILED, BUDGET_THRESHOLD_REACHED);

	private NotificationEvents() {
	}

}
