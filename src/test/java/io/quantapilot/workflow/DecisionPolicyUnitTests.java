package io.quantapilot.workflow;

import java.time.Duration;
import java.util.Map;

import io.quantapilot.decisions.DecisionType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecisionPolicyUnitTests {

	private static WorkflowSettings settings(Map<String, DecisionPolicy> decisions) {
		return new WorkflowSettings(Duration.ofHours(24), 2, 2, Duration.ofMillis(500), 3, Duration.ofMinutes(20), true,
				decisions);
	}

	@Test
	void typesNotConfiguredWaitTheWorkflowTimeoutAndEscalate() {
		DecisionPolicy policy = settings(Map.of()).policy(DecisionType.MERGE_APPROVAL);
		assertThat(policy.timeout()).isEqualTo(Duration.ofHours(24));
		assertThat(policy.onTimeout()).isEqualTo(DecisionPolicy.OnTimeout.ESCALATE);
	}

	@Test
	void aTypeIsFoundUnderItsDashedOrEnvironmentVariableSpelling() {
		WorkflowSettings settings = settings(Map.of("plan-approval", new DecisionPolicy(Duration.ofHours(4),
				DecisionPolicy.OnTimeout.APPROVE), "budgetexceeded", new DecisionPolicy(null, DecisionPolicy.OnTimeout.FAIL)));
		assertThat(settings.policy(DecisionType.PLAN_APPROVAL))
			.isEqualTo(new DecisionPolicy(Duration.ofHours(4), DecisionPolicy.OnTimeout.APPROVE));
		assertThat(settings.policy(DecisionType.BUDGET_EXCEEDED))
			.isEqualTo(new DecisionPolicy(Duration.ofHours(24), DecisionPolicy.OnTimeout.FAIL));
	}

	@Test
	void unknownTypesAndNonPositiveTimeoutsAreRefused() {
		assertThatThrownBy(() -> settings(Map.of("plan-aproval", new DecisionPolicy(null, null))))
			.hasMessageContaining("quantapilot.workflow.decisions.plan-aproval: unknown decision type");
		assertThatThrownBy(() -> new DecisionPolicy(Duration.ZERO, null)).hasMessageContaining("must be positive");
	}

}
