package io.quantapilot.agents.cli;

/**
 * Reports usage to the run as the CLI reveals it, so a budget can stop a run while it is going, and settles the
 * difference when the final figures arrive. Reported totals never go down: a final figure below what was already
 * reported only adds nothing.
 */
final class UsageMeter {

	private final EventLog log;

	private Usage reported = Usage.NONE;

	UsageMeter(EventLog log) {
		this.log = log;
	}

	/** Adds usage the CLI just reported for one step. */
	void add(Usage delta) {
		add(delta, false);
	}

	/** Adds usage the CLI reported only approximately (rounded figures). */
	void add(Usage delta, boolean estimated) {
		if (delta.isZero()) {
			return;
		}
		reported = reported.plus(delta);
		log.usage(delta.input(), delta.output(), delta.cached(), estimated);
	}

	/** Brings the reported total up to the CLI's final total. */
	void settle(Usage total) {
		add(total.minus(reported));
	}

	/** Reports an estimate for a run whose CLI told nothing. */
	void estimate(Usage estimate) {
		log.usage(estimate.input(), estimate.output(), estimate.cached(), true);
	}

	Usage reported() {
		return reported;
	}

}
