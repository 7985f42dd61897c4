package io.quantapilot.decisions;

import java.util.Locale;

import io.quantapilot.common.QuantaPilotException;

/** Status of a decision, as in the API contract. */
public enum DecisionStatus {

	PENDING, APPROVED, REJECTED, MODIFIED, TIMED_OUT, CANCELLED;

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static DecisionStatus fromWireName(String value) {
		for (DecisionStatus status : values()) {
			if (status.wireName().equals(value)) {
				return status;
			}
		}
		throw new QuantaPilotException.InvalidRequest("status", "unknown decision status '" + value + "'");
	}

}
