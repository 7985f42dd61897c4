package io.quantapilot.agents.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import io.quantapilot.agents.AgentRole;
import io.quantapilot.agents.spi.AgentTask;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TaskPromptUnitTests {

	@Test
	void aRenderedPromptIsUsedAsItIs() {
		TaskPrompt prompt = TaskPrompt.of(task(AgentRole.DEVELOPER, 1, "# R", "", "", "Do exactly this."));

		assertThat(prompt.text()).isEqualTo("Do exactly this.");
		assertThat(prompt.leftOut()).isEmpty();
	}

	@Test
	void withoutOneTheRoleGetsInstructionsCommentsFailuresAndTheReadme() {
		TaskPrompt architect = TaskPrompt.of(task(AgentRole.ARCHITECT, null, "# Notes app", "more tests please", "", ""));
		assertThat(architect.text()).contains("architect", ".quantapilot/plan.json", "\"acceptance_criteria\"",
				"docs/ARCHITECTURE.md", "AGENTS.md", "more tests please", "# Notes app");

		TaskPrompt fix = TaskPrompt.of(task(AgentRole.DEVELOPER, 3, "# Notes app", "", "AssertionError: 1 != 2", ""));
		assertThat(fix.text()).contains("Implement stage 3", "The tests failed", "AssertionError: 1 != 2");
	}

	@Test
	void largeInputsAreCutAndSaidSo() {
		String readme = "r".repeat(TaskPrompt.MAX_README + 10);
		String failures = "head" + "f".repeat(TaskPrompt.MAX_FAILURE_REPORT) + "the failing assertion";

		TaskPrompt prompt = TaskPrompt.of(task(AgentRole.DEVELOPER, 1, readme, "", failures, ""));

		assertThat(prompt.text()).contains("the failing assertion").doesNotContain("headf");
		assertThat(prompt.text().length()).isLessThan(TaskPrompt.MAX_README + TaskPrompt.MAX_FAILURE_REPORT + 2_000);
		assertThat(prompt.leftOut()).containsExactly(
				"failing test output: the first 25 of " + failures.length() + " characters were left out",
				"README: the last 10 of " + readme.length() + " characters were left out");
	}

	private static AgentTask task(AgentRole role, Integer stage, String readme, String comments, String failures,
			String prompt) {
		return new AgentTask(UUID.randomUUID(), stage, role, Path.of("."), readme, comments, failures, prompt, null,
				Duration.ofMinutes(1));
	}

}
