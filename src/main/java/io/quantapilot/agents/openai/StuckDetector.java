package io.quantapilot.agents.openai;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Notices a run going in circles: the same call with the same result again and again, the same failing call
 * repeated, or turn after turn without a changed file. Each of these burns tokens without progress, so the
 * run is stopped with the reason.
 */
final class StuckDetector {

	private static final int MAX_SHOWN = 160;

	private final OpenAiSettings.Stuck limits;

	private final Map<String, Integer> sameResults = new HashMap<>();

	private final Map<String, Integer> failures = new HashMap<>();

	private int idleTurns;

	StuckDetector(OpenAiSettings.Stuck limits) {
		this.limits = limits;
	}

	/** Records one tool call; returns why the run is stuck, if it is. */
	Optional<String> afterCall(String tool, String arguments, ToolResult result) {
		if (result.finished()) {
			return Optional.empty();
		}
		String call = tool + " " + (arguments == null ? "" : arguments.strip());
		if (!result.ok()) {
			int failed = failures.merge(call, 1, Integer::sum);
			if (failed >= limits.sameFailure()) {
				return Optional.of("stuck: the same call failed " + failed + " times: " + shorten(call) + " → "
						+ shorten(result.content()));
			}
		}
		int same = sameResults.merge(call + "\u0000" + result.content(), 1, Integer::sum);
		if (same >= limits.sameResult()) {
			return Optional.of("stuck: the same call returned the same result " + same + " times: " + shorten(call));
		}
		return Optional.empty();
	}

	/** Records the end of a model turn; returns why the run is stuck, if it is. */
	Optional<String> afterTurn(boolean filesChanged) {
		idleTurns = filesChanged ? 0 : idleTurns + 1;
		if (idleTurns >= limits.idleTurns()) {
			return Optional.of("stuck: " + idleTurns + " turns in a row without changing a file");
		}
		return Optional.empty();
	}

	private static String shorten(String text) {
		String flat = text.replaceAll("\\s+", " ").trim();
		return flat.length() <= MAX_SHOWN ? flat : flat.substring(0, MAX_SHOWN) + "…";
	}

}
