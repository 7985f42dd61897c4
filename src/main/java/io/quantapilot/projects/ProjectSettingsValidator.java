package io.quantapilot.projects;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.quality.QualityPolicy;

/** Checks the {@code configuration} and {@code budget_limits} objects of the API contract. */
final class ProjectSettingsValidator {

	private static final Set<String> PROVIDERS = Set.of("offline", "cursor-cli", "cursor-cloud", "openai", "command");

	private static final Set<String> STAGE_REVIEW = Set.of("never", "always", "on_failure");

	private ProjectSettingsValidator() {
	}

	static void validate(Map<String, Object> configuration, Map<String, Object> budget) {
		Object provider = configuration.get("agent_provider");
		if (provider != null && !(provider instanceof String s && PROVIDERS.contains(s))) {
			throw new QuantaPilotException.InvalidRequest("configuration.agent_provider",
					"agent_provider must be one of " + String.join(", ", new java.util.TreeSet<>(PROVIDERS)));
		}
		Object review = configuration.get("stage_review");
		if (review != null && !(review instanceof String s && STAGE_REVIEW.contains(s))) {
			throw new QuantaPilotException.InvalidRequest("configuration.stage_review",
					"stage_review must be one of always, never, on_failure");
		}
		// min_coverage, min_tests, test_network, test_command, …: the quality module owns their meaning.
		QualityPolicy.validate(configuration, "configuration.");
		Object timeout = configuration.get("decision_timeout");
		if (timeout != null) {
			boolean valid;
			try {
				valid = timeout instanceof String s && !java.time.Duration.parse(s).isNegative()
						&& java.time.Duration.parse(s).getSeconds() >= 1;
			}
			catch (java.time.format.DateTimeParseException ex) {
				valid = false;
			}
			if (!valid) {
				throw new QuantaPilotException.InvalidRequest("configuration.decision_timeout",
						"decision_timeout must be an ISO-8601 duration of at least one second, e.g. PT24H");
			}
		}
		Object stack = configuration.get("tech_stack");
		if (stack != null && !(stack instanceof List<?> list && list.stream().allMatch(String.class::isInstance))) {
			throw new QuantaPilotException.InvalidRequest("configuration.tech_stack",
					"tech_stack must be a list of strings");
		}
		for (String key : List.of("max_tokens", "max_cost_usd")) {
			Object value = budget.get(key);
			if (value != null && !(value instanceof Number n && n.doubleValue() > 0)) {
				throw new QuantaPilotException.InvalidRequest("budget_limits." + key, key + " must be a positive number");
			}
		}
		for (String key : budget.keySet()) {
			if (!key.equals("max_tokens") && !key.equals("max_cost_usd")) {
				throw new QuantaPilotException.InvalidRequest("budget_limits." + key,
						"unknown budget limit '" + key + "' (known: max_tokens, max_cost_usd)");
			}
		}
	}

}
