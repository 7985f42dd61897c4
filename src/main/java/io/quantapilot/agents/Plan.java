package io.quantapilot.agents;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The architect's plan, as written to {@code .quantapilot/plan.json} in the workspace (DESIGN §2).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Plan(String summary, @JsonProperty("tech_stack") TechStack techStack, String architecture,
		List<PlannedStage> stages, List<String> risks) {

	/** Path of the plan file, relative to the workspace root. */
	public static final String FILE = ".quantapilot/plan.json";

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record TechStack(String language, String build, List<String> frameworks,
			@JsonProperty("test_framework") String testFramework) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record PlannedStage(int number, String name, String goal,
			@JsonProperty("acceptance_criteria") List<String> acceptanceCriteria,
			@JsonProperty("estimated_tokens") long estimatedTokens) {
	}

	/** Validation errors of this plan; empty when it is usable by the pipeline. */
	public List<String> validationErrors() {
		var errors = new java.util.ArrayList<String>();
		if (summary == null || summary.isBlank()) {
			errors.add("summary is required");
		}
		if (techStack == null || techStack.language() == null || techStack.language().isBlank()) {
			errors.add("tech_stack.language is required");
		}
		if (stages == null || stages.isEmpty()) {
			errors.add("stages must not be empty");
		}
		else {
			for (int i = 0; i < stages.size(); i++) {
				PlannedStage stage = stages.get(i);
				if (stage.number() != i + 1) {
					errors.add("stages[" + i + "].number must be " + (i + 1));
				}
				if (stage.name() == null || !stage.name().matches("[a-z0-9]+(-[a-z0-9]+)*")) {
					errors.add("stages[" + i + "].name must be a lower-case slug");
				}
				if (stage.goal() == null || stage.goal().isBlank()) {
					errors.add("stages[" + i + "].goal is required");
				}
			}
		}
		return errors;
	}

}
