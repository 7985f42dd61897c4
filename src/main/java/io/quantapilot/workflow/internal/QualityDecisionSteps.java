package io.quantapilot.workflow.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.quantapilot.decisions.Decision;
import io.quantapilot.decisions.DecisionService;
import io.quantapilot.identity.AuditLog;
import io.quantapilot.quality.QualityEvaluation;
import io.quantapilot.quality.QualityService;
import org.flowable.engine.delegate.DelegateExecution;

import org.springframework.stereotype.Component;

/**
 * The answers to a {@code quality_override} decision, called as {@code ${qualityDecision.…(execution)}}
 * inside the engine's transaction: each records the answer on the stage's latest gate evaluation (where the
 * pull request text and the developer's next attempt read it) and in the audit log.
 * <ul>
 * <li>{@code approve} — override: the stage is merged despite its failed gates, with the person's reason;</li>
 * <li>{@code modify} — retry with guidance: the stage starts a new round, the comments go to the developer;</li>
 * <li>{@code reject} — abort: the stage and the project fail (a later {@code retry_stage} can still revive it).</li>
 * </ul>
 */
@Component("qualityDecision")
class QualityDecisionSteps {

	/** What each option of a quality override means, shown in the decision's context. */
	static final Map<String, String> OPTION_MEANINGS = Map.of("approve",
			"override: merge the stage despite the failed gates; give the reason in comments (it goes into the audit "
					+ "log and the pull request)",
			"modify", "retry with guidance: the developer makes another attempt with your comments", "reject",
			"abort: the stage and the project fail");

	static final String NO_REASON = "(no reason given)";

	private final QualityService quality;

	private final DecisionService decisions;

	private final AuditLog audit;

	QualityDecisionSteps(QualityService quality, DecisionService decisions, AuditLog audit) {
		this.quality = quality;
		this.decisions = decisions;
		this.audit = audit;
	}

	public void override(DelegateExecution execution) {
		record(execution, QualityEvaluation.OVERRIDE, "quality.overridden");
	}

	public void retryWithGuidance(DelegateExecution execution) {
		record(execution, QualityEvaluation.RETRY, "quality.retry_requested");
	}

	public void abort(DelegateExecution execution) {
		record(execution, QualityEvaluation.ABORT, "quality.aborted");
	}

	private void record(DelegateExecution execution, String answer, String action) {
		UUID projectId = ProcessVariables.projectId(execution);
		int stage = ProcessVariables.integer(execution, ProcessVariables.STAGE_INDEX);
		Object decisionId = execution.getVariable(ProcessVariables.DECISION_ID);
		Decision decision = decisionId != null ? decisions.get(UUID.fromString(decisionId.toString())) : null;
		String actor = decision != null && decision.decidedBy() != null ? decision.decidedBy() : "workflow";
		Object comments = execution.getVariable(ProcessVariables.COMMENTS);
		String text = comments != null && !comments.toString().isBlank() ? comments.toString().strip() : null;
		if (QualityEvaluation.OVERRIDE.equals(answer) && text == null) {
			text = NO_REASON;
		}
		QualityEvaluation evaluation = quality.recordDecision(projectId, stage, answer, actor, text);
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("stage", stage);
		details.put("evaluation_id", evaluation.id().toString());
		details.put("failed_gates", evaluation.failedGates());
		details.put(QualityEvaluation.OVERRIDE.equals(answer) ? "reason" : "comments", text != null ? text : "");
		if (decisionId != null) {
			details.put("decision_id", decisionId.toString());
		}
		audit.record(actor, action, "project", projectId.toString(), details);
	}

}
