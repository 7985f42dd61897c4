package io.quantapilot.agents.cli;

import io.quantapilot.common.QuantaPilotException;

/**
 * A CLI agent was stopped because it went round in circles. It is transient: a fresh run starts from another
 * conversation and may well get through, and the retry limit keeps it from looping for ever.
 */
public class AgentStuckException extends QuantaPilotException.TransientFailure {

	AgentStuckException(String reason) {
		super("stuck: " + reason, null);
	}

}
