package io.quantapilot.quality;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The quality gates' verdicts on one verify step of a stage, and what a person decided about them.
 *
 * @param id the evaluation
 * @param projectId the project
 * @param stageNumber the stage
 * @param stepKey the verify step's idempotency key
 * @param executionId the test execution it judged
 * @param passed whether every gate passed (warnings included)
 * @param gates the gates in order
 * @param policy the settings the gates were evaluated with
 * @param decision {@code override}, {@code retry} or {@code abort} when a person answered the
 *     quality override decision for it, else {@code null}
 * @param decidedBy who answered
 * @param decisionComments the override's reason or the retry's guidance
 * @param decidedAt when
 * @param createdAt when the gates were evaluated
 */
public record QualityEvaluation(UUID id, UUID projectId, int stageNumber, String stepKey, UUID executionId,
		boolean passed, List<GateResult> gates, Map<String, Object> policy, String decision, String decidedBy,
		String decisionComments, Instant decidedAt, Instant createdAt) {

	/** A person merged the stage despite failed gates. */
	public static final String OVERRIDE = "override";

	/** A person sent the stage back to the developer with guidance. */
	public static final String RETRY = "retry";

	/** A person gave the stage up. */
	public static final String ABORT = "abort";

	public QualityEvaluation {
		gates = List.copyOf(gates);
		policy = Map.copyOf(policy);
	}

	/**
	 * The names of the gates that failed.
	 *
	 * @return failed gate names, in order
	 */
	public List<String> failedGates() {
		return this.gates.stream().filter(GateResult::failed).map(GateResult::gate).toList();
	}

	/**
	 * The gates as Markdown lines, with the override when there was one: the text of the pull
	 * request and of the merge commit.
	 *
	 * @return the report
	 */
	public String report() {
		StringBuilder report = new StringBuilder("Quality gates: ").append(this.passed ? "passed" : "FAILED").append('\n');
		for (GateResult gate : this.gates) {
			report.append("- ").append(gate.line()).append('\n');
			gate.evidence().stream().limit(10).forEach(item -> report.append("  - ").append(item).append('\n'));
		}
		if (OVERRIDE.equals(this.decision)) {
			report.append("Quality override by ").append(this.decidedBy).append(": ").append(this.decisionComments)
				.append('\n');
		}
		return report.toString();
	}

}
