package io.quantapilot.projects;

import java.util.Map;

/**
 * What a person hands in to start a project: exactly one of {@code readme} and {@code repositoryUrl}.
 */
public record NewProject(String name, String readme, String repositoryUrl, Map<String, Object> configuration,
		Map<String, Object> budgetLimits) {
}
