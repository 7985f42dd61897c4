package io.quantapilot.agents.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Watches a CLI agent's completed actions (tool calls) and stops a run that goes round in circles: the same action
 * with the same result again and again while nothing is written, the same action failing again and again, or a long
 * series of actions that leaves every file as it was.
 */
final class StuckDetector {

	private final StuckThresholds thresholds;

	private final Path workspace;

	private final Map<String, Integer> sameResult = new HashMap<>();

	private final Map<String, Integer> failures = new HashMap<>();

	private int actionsSinceChange;

	private WorkspaceSnapshot lastSeen;

	/**
	 * @param thresholds the rules
	 * @param workspace the workspace, walked only when the no-change rule is due
	 * @param start the workspace as the run found it
	 */
	StuckDetector(StuckThresholds thresholds, Path workspace, WorkspaceSnapshot start) {
		this.thresholds = thresholds != null ? thresholds : StuckThresholds.defaults();
		this.workspace = workspace;
		this.lastSeen = start;
	}

	/**
	 * Records one completed action.
	 *
	 * @param action what was done: the tool and its arguments
	 * @param result what came back
	 * @param failed whether the action failed
	 * @param wroteFiles whether the action is known to have written files (an edit tool)
	 * @throws AgentStuckException when a threshold is reached
	 */
	void completed(String action, String result, boolean failed, boolean wroteFiles) {
		if (wroteFiles) {
			// Progress: reading a file again after editing it is not a loop.
			sameResult.clear();
			actionsSinceChange = 0;
		}
		if (thresholds.repeatedResult() > 0) {
			int count = sameResult.merge(action + '\u0000' + result, 1, Integer::sum);
			if (count >= thresholds.repeatedResult()) {
				throw new AgentStuckException(
						"the same action with the same result " + count + " times: " + Text.oneLine(action, 200));
			}
		}
		if (failed && thresholds.repeatedFailure() > 0) {
			int count = failures.merge(action, 1, Integer::sum);
			if (count >= thresholds.repeatedFailure()) {
				throw new AgentStuckException("the same action failed " + count + " times: " + Text.oneLine(action, 200));
			}
		}
		if (!wroteFiles && thresholds.actionsWithoutChange() > 0 && workspace != null && lastSeen != null) {
			checkForChange();
		}
	}

	private void checkForChange() {
		actionsSinceChange++;
		if (actionsSinceChange < thresholds.actionsWithoutChange()) {
			return;
		}
		// Only now walk the tree: shell commands write files too, which no tool event reports.
		WorkspaceSnapshot now = WorkspaceSnapshot.of(workspace);
		if (now.sameAs(lastSeen)) {
			throw new AgentStuckException(actionsSinceChange + " actions in a row without changing any file");
		}
		lastSeen = now;
		actionsSinceChange = 0;
		sameResult.clear();
	}

}
