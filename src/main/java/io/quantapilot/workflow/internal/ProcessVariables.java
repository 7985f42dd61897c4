package io.quantapilot.workflow.internal;

import java.util.UUID;

import org.flowable.variable.api.delegate.VariableScope;

/** Names and typed access of the project-lifecycle's process variables. */
final class ProcessVariables {

	static final String PROJECT_ID = "projectId";

	static final String STAGE_INDEX = "stageIndex";

	static final String STAGE_COUNT = "stageCount";

	static final String FIX_ATTEMPT = "fixAttempt";

	static final String MAX_FIX_ATTEMPTS = "maxFixAttempts";

	static final String PLAN_REVISION = "planRevision";

	static final String PLAN_COMMENTS = "planComments";

	static final String STAGE_ROUND = "stageRound";

	static final String DECISION_TIMEOUT = "decisionTimeout";

	static final String DECISION_ID = "decisionId";

	static final String ESCALATION_LEVEL = "escalationLevel";

	static final String OUTCOME = "outcome";

	static final String COMMENTS = "comments";

	static final String TESTS_PASSED = "testsPassed";

	private ProcessVariables() {
	}

	static UUID projectId(VariableScope scope) {
		return UUID.fromString((String) scope.getVariable(PROJECT_ID));
	}

	static int integer(VariableScope scope, String name) {
		Object value = scope.getVariable(name);
		return value instanceof Number n ? n.intValue() : 0;
	}

}
