package io.quantapilot.agents.cli;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When a CLI agent's run is considered stuck and stopped. A threshold of zero or less switches its rule off.
 *
 * @param repeatedResult the same action (tool and arguments) with the same result this many times, with no file
 *     written in between
 * @param repeatedFailure the same action failing this many times
 * @param actionsWithoutChange this many actions in a row without any change to the workspace's files
 */
public record StuckThresholds(@DefaultValue("4") int repeatedResult, @DefaultValue("3") int repeatedFailure,
		@DefaultValue("30") int actionsWithoutChange) {

	/** The defaults of the issue: 4 repeated results, 3 repeated failures, 30 actions without a change. */
	public static StuckThresholds defaults() {
		return new StuckThresholds(4, 3, 30);
	}

}
