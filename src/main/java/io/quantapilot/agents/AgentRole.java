package io.quantapilot.agents;

import java.util.Locale;

/** The AI roles of the pipeline. */
public enum AgentRole {

	ARCHITECT, DEVELOPER, QA;

	/** The lower-case name used in the API and the database. */
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static AgentRole fromWireName(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
