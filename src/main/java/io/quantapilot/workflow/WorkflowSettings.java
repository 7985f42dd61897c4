package io.quantapilot.workflow;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import io.quantapilot.decisions.DecisionType;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Workflow settings.
 *
 * @param decisionTimeout how long a decision waits before it is escalated
 * @param maxFixAttempts developer fix attempts after failing tests, before a quality_override decision
 * @param workerThreads long steps this process runs at once (the agents role)
 * @param pollInterval how often an idle worker looks for work
 * @param stepAttempts attempts of a step before the project fails
 * @param testTimeout time limit of one run of a generated project's tests
 * @param qaEnabled whether the QA agent adds tests to each stage before the platform's test run
 * @param decisions per decision type (its wire name, e.g. plan-approval or plan_approval): its own timeout and
 * what the timeout does; types not listed wait {@code decisionTimeout} and escalate
 */
@ConfigurationProperties("quantapilot.workflow")
public record WorkflowSettings(@DefaultValue("24h") Duration decisionTimeout, @DefaultValue("2") int maxFixAttempts,
		@DefaultValue("2") int workerThreads, @DefaultValue("500ms") Duration pollInterval,
		@DefaultValue("3") int stepAttempts, @DefaultValue("20m") Duration testTimeout,
		@DefaultValue("true") boolean qaEnabled, @DefaultValue Map<String, DecisionPolicy> decisions) {

	public WorkflowSettings {
		for (String type : decisions.keySet()) {
			try {
				DecisionType.fromWireName(wireName(type));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("quantapilot.workflow.decisions." + type
						+ ": unknown decision type (plan-approval, quality-override, merge-approval, budget-exceeded,"
						+ " agent-failure)");
			}
		}
	}

	/** The policy of a decision type, with the workflow's timeout where the type names none. */
	public DecisionPolicy policy(DecisionType type) {
		DecisionPolicy configured = decisions.entrySet()
			.stream()
			.filter(e -> wireName(e.getKey()).equals(type.wireName()))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(null);
		if (configured == null) {
			return new DecisionPolicy(decisionTimeout, DecisionPolicy.OnTimeout.ESCALATE);
		}
		return new DecisionPolicy(configured.timeout() != null ? configured.timeout() : decisionTimeout,
				configured.onTimeout());
	}

	/** plan-approval, plan_approval and planapproval (an environment variable's spelling) name the same type. */
	private static String wireName(String key) {
		String compact = key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
		for (DecisionType type : DecisionType.values()) {
			if (type.wireName().replace("_", "").equals(compact)) {
				return type.wireName();
			}
		}
		return key;
	}

}
