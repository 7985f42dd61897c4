package io.quantapilot.agents.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.quantapilot.agents.Plan;
import io.quantapilot.agents.spi.AgentTask;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The prompt a CLI agent gets: the task's rendered prompt when the pipeline gives one, otherwise one built here from
 * the role, the README, the approved plan in the workspace, review comments and failing test output. Either way it
 * is bounded to what fits in one command-line argument, and the run log says what was left out.
 */
final class TaskPrompt {

	/** Linux limits one argument to 128 KiB; leave room for the multi-byte characters' worst case. */
	static final int MAX_BYTES = 120_000;

	static final int MAX_README = 30_000;

	static final int MAX_FAILURE = 20_000;

	static final int MAX_COMMENTS = 8_000;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * The prompt and what was left out of it.
	 *
	 * @param text the prompt
	 * @param notes one line per shortened input
	 */
	record Built(String text, List<String> notes) {
	}

	private TaskPrompt() {
	}

	static Built of(AgentTask task) {
		List<String> notes = new ArrayList<>();
		String text;
		if (task.prompt() != null && !task.prompt().isBlank()) {
			text = task.prompt();
		}
		else {
			text = switch (task.role()) {
				case ARCHITECT -> architect(task, notes);
				case DEVELOPER -> developer(task, notes);
				case QA -> qa(task, notes);
			};
		}
		text = fit(text, notes);
		// A prompt is an argument: one starting with "-" would be read as an option.
		if (text.startsWith("-")) {
			text = " " + text;
		}
		return new Built(text, notes);
	}

	private static String architect(AgentTask task, List<String> notes) {
		StringBuilder prompt = new StringBuilder();
		prompt.append("""
				You are the architect of a new software project. Its README is below. Plan the project and write \
				these files in the current directory (the project's workspace):

				1. `.quantapilot/plan.json`: a JSON object of this shape:
				   {"summary": "one paragraph", "tech_stack": {"language": "python", "build": "…", \
				"frameworks": [], "test_framework": "…"}, "architecture": "markdown", "stages": [{"number": 1, \
				"name": "project-skeleton", "goal": "…", "acceptance_criteria": ["…"], "estimated_tokens": 12000}], \
				"risks": ["…"]}
				   Number the stages 1, 2, 3… in build order; a stage name is a lower-case slug (letters, digits, \
				hyphens). Plan three to six stages, each small enough to build and test in one go; the first sets \
				up the build with one passing test.
				2. `docs/ARCHITECTURE.md`: the architecture (modules, data, interfaces, testing).
				3. `AGENTS.md`: how to build and test the project and the conventions to follow, for coding agents; \
				and `CLAUDE.md` containing the single line `@AGENTS.md`.
				4. `.cursor/rules/project.mdc`: the conventions as a Cursor rule (front matter with `description` \
				and `alwaysApply: true`).

				Write no application code yet. Do not commit, push or create branches: the platform does that.
				""");
		appendComments(prompt, task, notes);
		appendReadme(prompt, task, notes);
		return prompt.toString();
	}

	private static String developer(AgentTask task, List<String> notes) {
		StringBuilder prompt = new StringBuilder();
		prompt.append("You are the developer of the project in the current directory. ");
		appendStage(prompt, task, "Implement", notes);
		prompt.append("""

				Write the code and its unit tests for this stage and keep the earlier stages working: the \
				project's whole test suite must pass with its standard test command. Follow `AGENTS.md` and \
				`docs/ARCHITECTURE.md` where they exist. Do not commit, push or create branches: the platform \
				does that after your run and then runs the tests itself.
				""");
		appendFailure(prompt, task, notes);
		appendComments(prompt, task, notes);
		appendReadme(prompt, task, notes);
		return prompt.toString();
	}

	private static String qa(AgentTask task, List<String> notes) {
		StringBuilder prompt = new StringBuilder();
		prompt.append("You are the QA engineer of the project in the current directory. ");
		appendStage(prompt, task, "Add tests for", notes);
		prompt.append("""

				Add tests that check each acceptance criterion of this stage, in the project's test framework. \
				Change production code only to fix a bug a test reveals, and say so. The whole test suite must \
				pass. Do not commit, push or create branches: the platform does that.
				""");
		appendFailure(prompt, task, notes);
		appendComments(prompt, task, notes);
		appendReadme(prompt, task, notes);
		return prompt.toString();
	}

	private static void appendStage(StringBuilder prompt, AgentTask task, String verb, List<String> notes) {
		Integer number = task.stageNumber();
		JsonNode plan = readPlan(task.workspace());
		JsonNode stage = null;
		if (plan != null && number != null) {
			for (JsonNode candidate : plan.path("stages")) {
				if (candidate.path("number").asInt(-1) == number) {
					stage = candidate;
				}
			}
		}
		prompt.append(verb).append(" stage ").append(number);
		if (stage == null) {
			prompt.append(" of the plan in `").append(Plan.FILE).append("`.\n");
			notes.add("prompt: stage " + number + " was not found in " + Plan.FILE + "; the agent is pointed at the file");
			return;
		}
		prompt.append(", \"").append(Text.string(stage, "name")).append("\", of the approved plan in `")
			.append(Plan.FILE).append("`.\n\nGoal: ").append(Text.string(stage, "goal")).append('\n');
		if (stage.path("acceptance_criteria").size() > 0) {
			prompt.append("\nAcceptance criteria:\n");
			for (JsonNode criterion : stage.path("acceptance_criteria")) {
				prompt.append("- ").append(criterion.asString()).append('\n');
			}
		}
		JsonNode stack = plan.path("tech_stack");
		if (stack.isObject()) {
			prompt.append("\nTech stack: ").append(Text.string(stack, "language"));
			if (Text.string(stack, "build") != null) {
				prompt.append(", build with ").append(Text.string(stack, "build"));
			}
			if (Text.string(stack, "test_framework") != null) {
				prompt.append(", tests with ").append(Text.string(stack, "test_framework"));
			}
			prompt.append(".\n");
		}
	}

	private static void appendFailure(StringBuilder prompt, AgentTask task, List<String> notes) {
		String failure = task.failureReport();
		if (failure == null || failure.isBlank()) {
			return;
		}
		if (failure.length() > MAX_FAILURE) {
			notes.add("prompt: the failure report was cut to its last " + MAX_FAILURE + " of " + failure.length()
					+ " characters");
			failure = "[… earlier output left out …]\n" + failure.substring(failure.length() - MAX_FAILURE);
		}
		prompt.append("\nThe previous attempt failed its tests. Find and fix the cause; the test run's output:\n\n")
			.append(failure.strip())
			.append('\n');
	}

	private static void appendComments(StringBuilder prompt, AgentTask task, List<String> notes) {
		String comments = task.comments();
		if (comments == null || comments.isBlank()) {
			return;
		}
		if (comments.length() > MAX_COMMENTS) {
			notes.add("prompt: the review comments were cut to " + MAX_COMMENTS + " of " + comments.length()
					+ " characters");
			comments = comments.substring(0, MAX_COMMENTS) + " [… left out …]";
		}
		prompt.append("\nA reviewer asked for these changes; take them into account:\n\n")
			.append(comments.strip())
			.append('\n');
	}

	private static void appendReadme(StringBuilder prompt, AgentTask task, List<String> notes) {
		String readme = task.readme() != null ? task.readme() : "";
		if (readme.length() > MAX_README) {
			notes.add("prompt: the README was cut to " + MAX_README + " of " + readme.length() + " characters");
			readme = readme.substring(0, MAX_README) + "\n[… rest of the README left out …]";
		}
		prompt.append("\nThe project's README:\n\n").append(readme.strip()).append('\n');
	}

	private static JsonNode readPlan(Path workspace) {
		Path file = workspace.resolve(Plan.FILE);
		if (!Files.isRegularFile(file)) {
			return null;
		}
		try {
			return JSON.readTree(Files.readString(file));
		}
		catch (IOException | JacksonException ex) {
			return null;
		}
	}

	/** Cuts the middle out of a prompt too long for one argument, keeping its start and end. */
	static String fit(String text, List<String> notes) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		if (bytes.length <= MAX_BYTES) {
			return text;
		}
		// Characters are at most four bytes; the halves are measured in characters and trimmed until they fit.
		int keep = MAX_BYTES / 2 - 100;
		String head = text.substring(0, Math.min(text.length(), keep));
		String tail = text.substring(Math.max(head.length(), text.length() - keep));
		while ((head + tail).getBytes(StandardCharsets.UTF_8).length > MAX_BYTES - 100) {
			head = head.substring(0, head.length() * 9 / 10);
			tail = tail.substring(tail.length() / 10);
		}
		notes.add("prompt: " + bytes.length + " bytes are more than one argument holds; the middle was left out");
		return head + "\n[… middle of the prompt left out …]\n" + tail;
	}

}
