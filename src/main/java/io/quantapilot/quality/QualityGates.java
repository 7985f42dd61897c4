package io.quantapilot.quality;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Judges one test execution against a {@link QualityPolicy}. Pure: everything it needs is passed
 * in, so the verdicts are reproducible from what is stored.
 */
final class QualityGates {

	private QualityGates() {
	}

	/**
	 * The test count of the stage before.
	 *
	 * @param stage that stage's number
	 * @param ran tests that ran there (not skipped)
	 */
	record PreviousStage(int stage, int ran) {
	}

	/**
	 * What an extra command did.
	 *
	 * @param name its configured name
	 * @param command its command line
	 * @param exitCode its exit code
	 * @param timedOut whether it was killed for taking too long
	 * @param outputTail the end of its output
	 */
	record CommandOutcome(String name, String command, int exitCode, boolean timedOut, String outputTail) {
	}

	/**
	 * Evaluates the gates, in a fixed order.
	 *
	 * @param execution the stored test execution
	 * @param policy the project's policy
	 * @param previousStage the stage before's test count, empty for the first stage
	 * @param cheating findings against the previous attempt at this stage, empty when there was
	 *     no previous attempt
	 * @param commands the extra commands' outcomes
	 * @return the verdicts
	 */
	static List<GateResult> evaluate(TestExecution execution, QualityPolicy policy, Optional<PreviousStage> previousStage,
			Optional<List<String>> cheating, List<CommandOutcome> commands) {
		List<GateResult> gates = new ArrayList<>();
		gates.add(testsPassed(execution));
		int ran = execution.total() >= 0 ? execution.total() - Math.max(0, execution.skipped()) : -1;
		gates.add(minTests(ran, policy.minTests()));
		gates.add(coverage(execution, policy));
		gates.add(noTestDecrease(ran, previousStage, policy.allowTestCountDecrease()));
		gates.add(noCheating(cheating));
		for (CommandOutcome command : commands) {
			gates.add(command(command));
		}
		return gates;
	}

	private static GateResult testsPassed(TestExecution execution) {
		String gate = "tests_passed";
		if (execution.exitCode() == null) {
			return failed(gate, null, null, "no test command was detected (no pom.xml, build.gradle, package.json "
					+ "test script, Python tests or go.mod)", List.of());
		}
		if (execution.timedOut()) {
			return failed(gate, "timed_out", null, "the test run timed out after " + execution.durationMs() / 1000
					+ " s and was killed", List.of());
		}
		List<String> names = execution.failures().stream().map(failure -> String.valueOf(failure.get("name"))).toList();
		int failing = Math.max(0, execution.failed()) + Math.max(0, execution.errors());
		if (execution.passed()) {
			String value = execution.total() >= 0 ? String.valueOf(failing) : "exit 0";
			return new GateResult(gate, GateResult.PASSED, value, "0", execution.total() >= 0
					? (execution.total() - execution.skipped()) + " tests ran, none failed" : "the test command exited with 0",
					List.of());
		}
		if (execution.total() >= 0 && failing > 0) {
			return failed(gate, String.valueOf(failing), "0", execution.failed() + " failed, " + execution.errors()
					+ " errors", names);
		}
		return failed(gate, "exit " + execution.exitCode(), "0", "the test command exited with " + execution.exitCode()
				+ (execution.total() < 0 ? " and no test results could be read (does it compile?)" : ""), names);
	}

	private static GateResult minTests(int ran, int minimum) {
		String gate = "min_tests";
		if (ran < 0) {
			return minimum == 0 ? new GateResult(gate, GateResult.PASSED, "unknown", "0", "no minimum", List.of())
					: failed(gate, "unknown", String.valueOf(minimum), "the number of tests could not be read", List.of());
		}
		boolean enough = ran >= minimum;
		return new GateResult(gate, enough ? GateResult.PASSED : GateResult.FAILED, String.valueOf(ran),
				String.valueOf(minimum), enough ? ran + " tests ran" : "only " + ran + " tests ran, at least " + minimum
						+ " are required", List.of());
	}

	private static GateResult coverage(TestExecution execution, QualityPolicy policy) {
		String gate = "coverage";
		String threshold = policy.minCoverage().stripTrailingZeros().toPlainString();
		BigDecimal percent = execution.coveragePercent();
		if (percent == null) {
			String note = execution.coverageNote() != null ? execution.coverageNote() : "no coverage report";
			return policy.failWhenCoverageNotMeasured()
					? failed(gate, "not_measured", threshold, "coverage was not measured: " + note
							+ " (the project's policy fails unmeasured coverage)", List.of())
					: new GateResult(gate, GateResult.WARNING, "not_measured", threshold,
							"coverage was not measured: " + note, List.of());
		}
		boolean enough = percent.compareTo(policy.minCoverage()) >= 0;
		String value = percent.stripTrailingZeros().toPlainString();
		return new GateResult(gate, enough ? GateResult.PASSED : GateResult.FAILED, value, threshold,
				value + " % of lines covered (" + execution.coverageFormat() + ")"
						+ (enough ? "" : ", below the threshold of " + threshold + " %"),
				List.of());
	}

	private static GateResult noTestDecrease(int ran, Optional<PreviousStage> previous, boolean allowed) {
		String gate = "no_test_decrease";
		if (previous.isEmpty()) {
			return new GateResult(gate, GateResult.PASSED, ran >= 0 ? String.valueOf(ran) : "unknown", null,
					"no earlier stage to compare with", List.of());
		}
		PreviousStage before = previous.get();
		String threshold = String.valueOf(before.ran());
		if (ran >= 0 && ran >= before.ran()) {
			return new GateResult(gate, GateResult.PASSED, String.valueOf(ran), threshold,
					"stage " + before.stage() + " ran " + before.ran() + " tests", List.of());
		}
		String message = ran < 0 ? "the number of tests could not be read; stage " + before.stage() + " ran "
				+ before.ran() : "fewer tests than stage " + before.stage() + " (" + before.ran() + ")";
		if (allowed) {
			return new GateResult(gate, GateResult.WARNING, ran >= 0 ? String.valueOf(ran) : "unknown", threshold,
					message + "; allowed by the project's policy", List.of());
		}
		return failed(gate, ran >= 0 ? String.valueOf(ran) : "unknown", threshold, message, List.of());
	}

	private static GateResult noCheating(Optional<List<String>> cheating) {
		String gate = "no_cheating";
		if (cheating.isEmpty()) {
			return new GateResult(gate, GateResult.PASSED, "0", "0", "first attempt at this stage: nothing to compare",
					List.of());
		}
		List<String> findings = cheating.get();
		if (findings.isEmpty()) {
			return new GateResult(gate, GateResult.PASSED, "0", "0",
					"tests, skips, assertions and test settings are intact since the previous attempt", List.of());
		}
		return failed(gate, String.valueOf(findings.size()), "0",
				"the fix attempt weakened the tests or their settings instead of fixing the code", findings);
	}

	private static GateResult command(CommandOutcome command) {
		String gate = "command:" + command.name();
		boolean passed = command.exitCode() == 0 && !command.timedOut();
		List<String> evidence = command.outputTail().isBlank() ? List.of() : List.of(command.outputTail());
		String message = command.timedOut() ? command.command() + " timed out"
				: command.command() + " exited with " + command.exitCode();
		return new GateResult(gate, passed ? GateResult.PASSED : GateResult.FAILED,
				command.timedOut() ? "timed_out" : "exit " + command.exitCode(), "exit 0", message,
				passed ? List.of() : evidence);
	}

	private static GateResult failed(String gate, String value, String threshold, String message, List<String> evidence) {
		return new GateResult(gate, GateResult.FAILED, value, threshold, message, evidence);
	}

}
