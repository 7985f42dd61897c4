package io.quantapilot.projects;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import io.quantapilot.common.QuantaPilotException;

/** Lifecycle status of a project, as in the API contract. */
public enum ProjectStatus {

	INITIALIZING, PLANNING, AWAITING_APPROVAL, IN_PROGRESS, PAUSED, COMPLETED, FAILED, CANCELLED;

	private static final Set<ProjectStatus> TERMINAL = EnumSet.of(COMPLETED, CANCELLED);

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Completed and cancelled projects never change again; a failed one can be retried. */
	public boolean isTerminal() {
		return TERMINAL.contains(this);
	}

	/** Whether the workflow is active (not paused, failed or finished). */
	public boolean isActive() {
		return this == INITIALIZING || this == PLANNING || this == AWAITING_APPROVAL || this == IN_PROGRESS;
	}

	public static ProjectStatus fromWireName(String value) {
		for (ProjectStatus status : values()) {
			if (status.wireName().equals(value)) {
				return status;
			}
		}
		throw new QuantaPilotException.InvalidRequest("status", "unknown project status '" + value + "'");
	}

}
