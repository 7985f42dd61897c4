package io.quantapilot.agents.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quantapilot.agents.AgentRequest;
import io.quantapilot.agents.AgentRole;
import io.quantapilot.agents.AgentSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class PromptRendererUnitTests {

	@TempDir
	Path tmp;

	private static AgentSettings settings(Path promptsDir, int maxReadme) {
		return new AgentSettings("offline", Map.of(), promptsDir, maxReadme, 50, Map.of(), 20000);
	}

	private static AgentRequest developer(String readme, String failures) {
		return new AgentRequest("k", UUID.randomUUID(), 2, AgentRole.DEVELOPER, Path.of("."), null, readme,
				"use records", failures,
				new AgentRequest.StageBrief(2, "core-domain", "Model the todo", List.of("CRUD works", "tests pass")),
				List.of("1. project-skeleton — set up"), AgentRequest.Budget.UNLIMITED, 1000);
	}

	@Test
	void developerPromptCarriesTheStageAndContext() {
		PromptRenderer.Rendered rendered = new PromptRenderer(settings(null, 1000))
			.render(developer("# Todo API\nA list of todos.", ""));
		assertThat(rendered.prompt()).contains("stage 2 (\"core-domain\")")
			.contains("Goal: Model the todo")
			.contains("- CRUD works")
			.contains("1. project-skeleton — set up")
			.contains("use records")
			.contains("# Todo API")
			.doesNotContain("{{");
		assertThat(rendered.leftOut()).isEmpty();
	}

	@Test
	void largeInputsAreBoundedAndTheOmissionIsReported() {
		String readme = "R".repeat(5000);
		String failures = "early lines\n" + "x".repeat(200) + "\nFAILED: the last line";
		PromptRenderer.Rendered rendered = new PromptRenderer(settings(null, 1000)).render(developer(readme, failures));
		assertThat(rendered.prompt()).doesNotContain("R".repeat(1001)).contains("[… rest left out …]");
		// Failure output keeps its end, where test runners print the verdict.
		assertThat(rendered.prompt()).contains("FAILED: the last line").doesNotContain("early lines");
		assertThat(rendered.leftOut()).hasSize(2)
			.anySatisfy(n -> assertThat(n).startsWith("README: 4000 of 5000 characters left out"))
			.anySatisfy(n -> assertThat(n).startsWith("failure report:"));
	}

	@Test
	void promptsCanBeReplacedFromAFolder() throws Exception {
		Files.writeString(tmp.resolve("developer.md"), "Custom: {{stage_name}} / {{readme}}");
		PromptRenderer.Rendered rendered = new PromptRenderer(settings(tmp, 1000)).render(developer("# X", ""));
		assertThat(rendered.prompt()).isEqualTo("Custom: core-domain / # X\n");
	}

}
