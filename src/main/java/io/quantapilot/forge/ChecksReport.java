package io.quantapilot.forge;

import java.util.List;

/**
 * The checks of a pull request's head, judged: every check run and commit status must have completed
 * successfully before the platform merges; anything still running is pending, and pending is never
 * merged.
 *
 * @param state the verdict
 * @param headSha the head the checks belong to
 * @param checks each check
 * @param failureReport for a failure: which checks failed and their output, for the developer's fix
 * loop; else empty
 */
public record ChecksReport(State state, String headSha, List<Check> checks, String failureReport) {

	public ChecksReport {
		checks = List.copyOf(checks);
		failureReport = failureReport != null ? failureReport : "";
	}

	/** One line for a person who has to decide what to do with the stage, or empty when nothing is wrong. */
	public String problem() {
		return switch (state) {
			case FAILURE -> "checks failed on " + headSha + ": " + String.join(", ", checks.stream()
				.filter(c -> "completed".equals(c.status()) && !List.of("success", "neutral", "skipped").contains(c.conclusion()))
				.map(c -> c.name() + " (" + c.conclusion() + ")")
				.toList());
			case TIMED_OUT -> "checks were still pending on " + headSha + " when the wait ran out: "
					+ String.join(", ", checks.stream().filter(c -> !"completed".equals(c.status())).map(Check::name).toList());
			case CLOSED -> "the pull request was closed without merging outside QuantaPilot";
			default -> "";
		};
	}

	/** Verdicts. */
	public enum State {

		/** Some check has not completed (or none has appeared yet). */
		PENDING,

		/** Every check completed successfully. */
		SUCCESS,

		/** A check failed. */
		FAILURE,

		/** Checks were still pending when the wait ran out. */
		TIMED_OUT,

		/** The head has no checks at all (a repository without CI). */
		NONE,

		/** The pull request was merged (outside the platform, or by an earlier attempt). */
		MERGED,

		/** The pull request was closed without merging outside the platform. */
		CLOSED;

		public String wireName() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	/**
	 * One check.
	 *
	 * @param kind {@code check_run} or {@code status}
	 * @param name check run name or status context
	 * @param status {@code queued}, {@code in_progress}, {@code pending}, {@code completed}
	 * @param conclusion {@code success}, {@code failure}, … or null while running
	 * @param url where to read more
	 */
	public record Check(String kind, String name, String status, String conclusion, String url) {
	}

}
