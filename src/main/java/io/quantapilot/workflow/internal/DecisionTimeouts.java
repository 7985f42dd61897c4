package io.quantapilot.workflow.internal;

import java.time.Duration;
import java.util.Map;

import io.quantapilot.decisions.DecisionType;
import io.quantapilot.workflow.DecisionPolicy;
import io.quantapilot.workflow.WorkflowSettings;
import org.flowable.common.engine.api.variable.VariableContainer;

import org.springframework.stereotype.Component;

/**
 * How long each decision waits and what its timeout does. A project's own {@code decision_timeout}
 * (configuration) wins over the type's timeout; what the timeout does is always the type's policy.
 * The BPMN timers call {@code ${decisionTimeouts.of(execution, 'plan_approval')}}.
 */
@Component("decisionTimeouts")
class DecisionTimeouts {

	private final WorkflowSettings settings;

	DecisionTimeouts(WorkflowSettings settings) {
		this.settings = settings;
	}

	/** The ISO-8601 duration of a decision task's timer. */
	public String of(VariableContainer scope, String type) {
		Object projectTimeout = scope.getVariable(ProcessVariables.DECISION_TIMEOUT);
		if (projectTimeout != null && !projectTimeout.toString().isBlank()) {
			return projectTimeout.toString();
		}
		return settings.policy(DecisionType.fromWireName(type)).timeout().toString();
	}

	/** The timeout of a decision outside the engine (a parked step), honouring the project's own setting. */
	Duration of(Map<String, Object> projectConfiguration, DecisionType type) {
		Object projectTimeout = projectConfiguration != null ? projectConfiguration.get("decision_timeout") : null;
		if (projectTimeout instanceof String text && !text.isBlank()) {
			return Duration.parse(text);
		}
		return settings.policy(type).timeout();
	}

	DecisionPolicy.OnTimeout onTimeout(DecisionType type) {
		return settings.policy(type).onTimeout();
	}

}
