package io.quantapilot.agents.http;

import java.util.ArrayList;
import java.util.List;

import io.quantapilot.agents.AgentRole;
import io.quantapilot.agents.Plan;
import io.quantapilot.agents.spi.AgentTask;

/**
 * The prompt a remote provider sends: the pipeline's rendered prompt when there is one, otherwise a plain
 * role instruction built from the task's README, review comments and failing test output. Large inputs are
 * cut to bounded sizes, and what was left out is listed so the provider can say so in its run log.
 *
 * @param text the prompt
 * @param leftOut one line per input that was cut
 */
public record TaskPrompt(String text, List<String> leftOut) {

	static final int MAX_README = 40_000;

	static final int MAX_COMMENTS = 8_000;

	static final int MAX_FAILURE_REPORT = 20_000;

	public TaskPrompt {
		leftOut = List.copyOf(leftOut);
	}

	/** The task's rendered prompt, or one built from its fields when it has none. */
	public static TaskPrompt of(AgentTask task) {
		if (task.prompt() != null && !task.prompt().isBlank()) {
			return new TaskPrompt(task.prompt(), List.of());
		}
		List<String> leftOut = new ArrayList<>();
		StringBuilder prompt = new StringBuilder(instructions(task));
		if (has(task.comments())) {
			prompt.append("\n\n## Comments from the reviewer (take them into account)\n\n")
				.append(head(task.comments(), MAX_COMMENTS, "review comments", leftOut));
		}
		if (has(task.failureReport())) {
			prompt.append("\n\n## The tests failed after the previous attempt; make them pass\n\n```\n")
				.append(tail(task.failureReport(), MAX_FAILURE_REPORT, "failing test output", leftOut))
				.append("\n```");
		}
		prompt.append("\n\n## README of the project\n\n")
			.append(head(has(task.readme()) ? task.readme() : "(no README)", MAX_README, "README", leftOut));
		return new TaskPrompt(prompt.toString(), leftOut);
	}

	private static String instructions(AgentTask task) {
		if (task.role() == AgentRole.ARCHITECT) {
			return """
					You are the architect of a new software project. Plan it from the README below and write \
					these files into the repository (do not write application code yet):

					1. `%s`: the plan as JSON of exactly this shape:
					   {"summary": "one paragraph", "tech_stack": {"language": "python", "build": "…", \
					"frameworks": [], "test_framework": "…"}, "architecture": "markdown", "stages": [{"number": 1, \
					"name": "project-skeleton", "goal": "…", "acceptance_criteria": ["…"], "estimated_tokens": \
					20000}], "risks": ["…"]}
					   Stages are numbered from 1 in order, their names are lower-case slugs, and each is small \
					enough to implement and test in one go (3 to 5 stages); the first sets up the project with \
					one passing test.
					2. `docs/ARCHITECTURE.md`: the architecture in Markdown.
					3. `AGENTS.md`: how to build and test the project, and its conventions, for coding agents."""
				.formatted(Plan.FILE);
		}
		String stage = task.stageNumber() != null ? "stage " + task.stageNumber() : "the next stage";
		if (task.role() == AgentRole.QA) {
			return """
					You are the QA engineer of this project. Read `%s` for %s's goal and acceptance criteria, \
					then add tests that check each criterion. Change production code only to fix a bug a test \
					reveals. The project's tests must pass with its standard test command.""".formatted(Plan.FILE,
					stage);
		}
		return """
				You are the developer of this project. Implement %s of the plan: read `%s` for its goal and \
				acceptance criteria, and `AGENTS.md` and `docs/ARCHITECTURE.md` where they exist. Write the code \
				together with its tests, keep the earlier stages working, and make sure all tests pass with the \
				project's standard test command. Do not change `%s`.""".formatted(stage, Plan.FILE, Plan.FILE);
	}

	private static boolean has(String text) {
		return text != null && !text.isBlank();
	}

	private static String head(String text, int max, String what, List<String> leftOut) {
		if (text.length() <= max) {
			return text;
		}
		leftOut.add(what + ": the last " + (text.length() - max) + " of " + text.length() + " characters were left out");
		return text.substring(0, max) + "\n[… " + (text.length() - max) + " characters left out …]";
	}

	private static String tail(String text, int max, String what, List<String> leftOut) {
		if (text.length() <= max) {
			return text;
		}
		// Test runners print the summary and the failures last: keep the end.
		leftOut.add(what + ": the first " + (text.length() - max) + " of " + text.length()
				+ " characters were left out");
		return "[… " + (text.length() - max) + " characters left out …]\n" + text.substring(text.length() - max);
	}

}
