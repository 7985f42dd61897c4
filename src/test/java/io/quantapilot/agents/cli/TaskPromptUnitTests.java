package io.quantapilot.agents.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.quantapilot.agents.AgentRole;
import io.quantapilot.agents.spi.AgentTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class TaskPromptUnitTests {

	@TempDir
	Path workspace;

	@Test
	void aRenderedPromptIsUsedAsGiven() {
		AgentTask task = new AgentTask(UUID.randomUUID(), 1, AgentRole.DEVELOPER, workspace, "# R", "", "",
				"Rendered prompt", null, Duration.ofMinutes(1));
		assertThat(TaskPrompt.of(task).text()).isEqualTo("Rendered prompt");
	}

	@Test
	void withoutOneTheDeveloperPromptComesFromThePlanStageFailureAndReadme() throws Exception {
		Files.createDirectories(workspace.resolve(".quantapilot"));
		Files.writeString(workspace.resolve(".quantapilot/plan.json"), """
				{"summary": "s", "tech_stack": {"language": "python", "test_framework": "unittest"},
				 "stages": [{"number": 1, "name": "skeleton", "goal": "Set up"},
				            {"number": 2, "name": "core", "goal": "Add the notes store",
				             "acceptance_criteria": ["notes can be added", "notes can be listed"]}]}
				""");
		String failure = "x".repeat(TaskPrompt.MAX_FAILURE + 10) + "\nAssertionError: 1 != 2";
		AgentTask task = new AgentTask(UUID.randomUUID(), 2, AgentRole.DEVELOPER, workspace, "# Notes\n\nA notes CLI.",
				"use sqlite", failure);

		TaskPrompt.Built prompt = TaskPrompt.of(task);

		assertThat(prompt.text()).contains("Implement stage 2, \"core\"", "Goal: Add the notes store",
				"- notes can be listed", "Tech stack: python, tests with unittest", "AssertionError: 1 != 2",
				"use sqlite", "# Notes", "Do not commit");
		assertThat(prompt.notes()).containsExactly(
				"prompt: the failure report was cut to its last 20000 of 20033 characters");
	}

	@Test
	void theArchitectIsToldWhatToWriteAndTooLongPromptsLoseTheirMiddle() {
		AgentTask task = new AgentTask(UUID.randomUUID(), null, AgentRole.ARCHITECT, workspace,
				"# Big\n" + "é".repeat(70_000), "", "");
		TaskPrompt.Built prompt = TaskPrompt.of(task);
		assertThat(prompt.text()).contains(".quantapilot/plan.json", "docs/ARCHITECTURE.md", "AGENTS.md", "# Big");
		assertThat(prompt.notes()).contains("prompt: the README was cut to 30000 of 70006 characters");

		List<String> notes = new ArrayList<>();
		String fitted = TaskPrompt.fit("start " + "ü".repeat(100_000) + " end", notes);
		assertThat(fitted.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(TaskPrompt.MAX_BYTES);
		assertThat(fitted).startsWith("start ").endsWith(" end").contains("[… middle of the prompt left out …]");
		assertThat(notes).hasSize(1);
	}

}
