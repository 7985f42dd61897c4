package io.quantapilot.decisions;

import java.util.Locale;

/** Kinds of decision, as in the API contract. */
public enum DecisionType {

	PLAN_APPROVAL, STAGE_REVIEW, QUALITY_OVERRIDE, BUDGET_EXCEEDED, AGENT_FAILURE, MERGE_APPROVAL;

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static DecisionType fromWireName(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
