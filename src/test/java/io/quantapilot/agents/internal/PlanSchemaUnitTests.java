package io.quantapilot.agents.internal;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class PlanSchemaUnitTests {

	private final PlanSchema schema = new PlanSchema();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aWellFormedPlanIsValid() {
		String plan = """
				{"summary": "A todo API", "tech_stack": {"language": "java", "build": "maven"},
				 "stages": [{"number": 1, "name": "project-skeleton", "goal": "set up",
				             "acceptance_criteria": ["builds"], "estimated_tokens": 1200}],
				 "risks": []}""";
		assertThat(schema.validate(json.readTree(plan))).isEmpty();
	}

	@Test
	void errorsNameWhatIsWrong() {
		String plan = """
				{"summary": "", "stages": [{"number": 0, "name": "Not A Slug"}]}""";
		var errors = schema.validate(json.readTree(plan));
		assertThat(String.join("\\n", errors)).contains("tech_stack").contains("goal").contains("/stages/0/name")
			.contains("/summary");
	}

}
