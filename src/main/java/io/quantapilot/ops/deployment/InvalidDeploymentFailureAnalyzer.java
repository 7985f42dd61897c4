package io.quantapilot.ops.deployment;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a start refused because of the roles or the settings a split process needs. */
class InvalidDeploymentFailureAnalyzer extends AbstractFailureAnalyzer<InvalidDeploymentException> {

	@Override
	protected FailureAnalysis analyze(Throwable root, InvalidDeploymentException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
	}

}
