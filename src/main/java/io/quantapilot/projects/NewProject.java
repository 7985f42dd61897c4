package io.quantapilot.projects;

import java.util.Map;

/**
 * What a person hands in to start a project: exactly one of {@code readme} and {@code repositoryUrl}.
 * {@code costEstimator} prices the estimated tokens with the project's provider (null: a blended default).
 */
public record NewProject(String name, String readme, String repositoryUrl, Map<String, Object> configuration,
		Map<String, Object> budgetLimits, java.util.function.LongFunction<java.math.BigDecimal> costEstimator) {

	public NewProject(String name, String readme, String repositoryUrl, Map<String, Object> configuration,
			Map<String, Object> budgetLimits) {
		this(name, readme, repositoryUrl, configuration, budgetLimits, null);
	}

}
