package io.quantapilot.projects;

import java.util.Locale;

/** Status of one planned stage, as in the API contract. */
public enum StageStatus {

	PENDING, RUNNING, AWAITING_CHECKS, AWAITING_DECISION, COMPLETED, FAILED, SKIPPED;

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static StageStatus fromWireName(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
