package io.quantapilot.workflow;

import java.time.Duration;

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
 */
@ConfigurationProperties("quantapilot.workflow")
public record WorkflowSettings(@DefaultValue("24h") Duration decisionTimeout, @DefaultValue("2") int maxFixAttempts,
		@DefaultValue("2") int workerThreads, @DefaultValue("500ms") Duration pollInterval,
		@DefaultValue("3") int stepAttempts, @DefaultValue("20m") Duration testTimeout,
		@DefaultValue("true") boolean qaEnabled) {
}
