package io.quantapilot.agents.offline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quantapilot.agents.Plan;
import io.quantapilot.agents.Plan.PlannedStage;

/**
 * The documents of a generated project that read the same in every stack: architecture,
 * agent instructions, Cursor rules and the README's development section.
 */
final class ProjectDocs {

	static final String ARCHITECTURE = "docs/ARCHITECTURE.md";

	static final String AGENTS = "AGENTS.md";

	static final String PROJECT_RULE = ".cursor/rules/project.mdc";

	static final String TESTING_RULE = ".cursor/rules/testing.mdc";

	static final String README = "README.md";

	private static final String SECTION_START = "<!-- quantapilot:development:start -->";

	private static final String SECTION_END = "<!-- quantapilot:development:end -->";

	private final TemplateModel model;

	private final StackTemplates stack;

	private final Plan plan;

	private final StackTemplates.Commands commands;

	ProjectDocs(TemplateModel model, StackTemplates stack, Plan plan) {
		this.model = model;
		this.stack = stack;
		this.plan = plan;
		this.commands = stack.commands(model);
	}

	/** The stages of the plan the offline templates know, in plan order. */
	List<StageKind> plannedKinds() {
		List<StageKind> kinds = new ArrayList<>();
		for (PlannedStage stage : stages()) {
			StageKind.bySlug(stage.name()).ifPresent(kinds::add);
		}
		return kinds;
	}

	/**
	 * {@code docs/ARCHITECTURE.md}; once {@code implemented}, with the files each stage
	 * added in place of the "planned" note.
	 */
	String architecture(boolean implemented) {
		Map<String, String> values = values();
		values.put("architecture", text(plan.architecture()).strip());
		StringBuilder rows = new StringBuilder();
		for (PlannedStage stage : stages()) {
			rows.append("| ")
				.append(stage.number())
				.append(" | `")
				.append(cell(stage.name()))
				.append("` | ")
				.append(cell(text(stage.goal())))
				.append(" |\n");
		}
		values.put("stage_rows", rows.toString().stripTrailing());
		values.put("status", implemented ? implementedStatus() : plannedStatus());
		return Template.render("common/ARCHITECTURE.md.tmpl", values);
	}

	String agents() {
		Map<String, String> values = values();
		StringBuilder stageList = new StringBuilder();
		for (PlannedStage stage : stages()) {
			stageList.append(stage.number())
				.append(". `")
				.append(stage.name())
				.append("`: ")
				.append(text(stage.goal()))
				.append('\n');
		}
		values.put("stage_list", stageList.toString().stripTrailing());
		return Template.render("common/AGENTS.md.tmpl", values);
	}

	String projectRule() {
		return Template.render("common/project.mdc.tmpl", values());
	}

	String testingRule() {
		return Template.render("common/testing.mdc.tmpl", values());
	}

	/**
	 * The README after the documentation stage. A README that is already there (usually
	 * the one the project was specified with) is kept as it is; only the marked
	 * development section is added or replaced, so that writing it again changes nothing.
	 */
	String readme(Optional<String> existing) {
		String section = developmentSection();
		if (existing.isEmpty() || existing.get().isBlank()) {
			Map<String, String> values = values();
			values.put("features", featureSection());
			values.put("development", section);
			return Template.render("common/README.md.tmpl", values);
		}
		String text = existing.get().replace("\r\n", "\n");
		int start = text.indexOf(SECTION_START);
		int end = text.indexOf(SECTION_END, Math.max(start, 0));
		if (start >= 0 && end > start) {
			return text.substring(0, start) + section.strip() + text.substring(end + SECTION_END.length());
		}
		return text.stripTrailing() + "\n\n" + section;
	}

	/**
	 * The HTTP endpoints as a Markdown table, for the plan's architecture and the README.
	 */
	static String endpointTable(TemplateModel model) {
		String collection = "/" + model.collection();
		String label = model.collection();
		return "| Method | Path | Result |\n|---|---|---|\n" + "| GET | `/health` | 200 `{\"status\":\"UP\"}` |\n"
				+ "| GET | `" + collection + "` | 200, all " + label + " |\n" + "| POST | `" + collection
				+ "` | 201 with a `Location` header; 400 for invalid input |\n" + "| GET | `" + collection
				+ "/{id}` | 200; 404 for an unknown id |\n" + "| PUT | `" + collection
				+ "/{id}` | 200; 400 for invalid input; 404 for an unknown id |\n" + "| DELETE | `" + collection
				+ "/{id}` | 204; 404 for an unknown id |\n";
	}

	private String developmentSection() {
		Map<String, String> values = values();
		List<StageKind> kinds = plannedKinds();
		StringBuilder http = new StringBuilder();
		if (kinds.contains(StageKind.HTTP_API)) {
			http.append("\n### HTTP API\n\n")
				.append(endpointTable(model))
				.append('\n')
				.append("Bodies are JSON objects with `title` (required, at most 200 characters) and ")
				.append("`description` (optional, at most 2000 characters):\n\n```sh\n")
				.append(commands.server())
				.append(" &\ncurl -i -X POST http://localhost:")
				.append(commands.port())
				.append('/')
				.append(model.collection())
				.append(" -H 'Content-Type: application/json' -d '{\"title\":\"First\"}'\n```\n");
		}
		values.put("http_usage", http.toString());
		return Template.render("common/development.md.tmpl", values);
	}

	private String featureSection() {
		if (model.features().isEmpty()) {
			return "";
		}
		StringBuilder out = new StringBuilder("\n## Features\n\n");
		for (Blueprint.Feature feature : model.features()) {
			out.append("- **").append(feature.name()).append("**");
			if (!feature.description().equals(feature.name())) {
				out.append(": ").append(feature.description());
			}
			out.append('\n');
		}
		return out.toString();
	}

	private String plannedStatus() {
		return "## Status\n\nPlanned; no stage is implemented yet. Each stage is built on its own branch "
				+ "(`feature/stage-<n>-<name>`) and merged once `" + commands.test() + "` passes.\n";
	}

	private String implementedStatus() {
		StringBuilder out = new StringBuilder("## Status\n\nAll ").append(stages().size())
			.append(" stages are implemented; `")
			.append(commands.test())
			.append("` runs every test. Files by stage:\n\n");
		for (PlannedStage stage : stages()) {
			Optional<StageKind> kind = StageKind.bySlug(stage.name());
			if (kind.isEmpty()) {
				continue;
			}
			out.append("### ").append(stage.number()).append(". ").append(stage.name()).append("\n\n");
			for (String path : stagePaths(kind.get())) {
				out.append("- `").append(path).append("`\n");
			}
			out.append('\n');
		}
		return out.toString().stripTrailing() + "\n";
	}

	/**
	 * The paths a stage writes; the documentation stage's own are known without rendering
	 * it.
	 */
	private List<String> stagePaths(StageKind kind) {
		List<String> paths = new ArrayList<>();
		if (kind == StageKind.DOCUMENTATION) {
			paths.add(README);
			paths.add(ARCHITECTURE);
		}
		stack.stageFiles(kind, model).forEach((file) -> paths.add(file.path()));
		return paths;
	}

	private Map<String, String> values() {
		Blueprint blueprint = model.blueprint();
		Map<String, String> values = model.values();
		values.put("title", text(blueprint.title()));
		values.put("title_yaml", Literals.oneLine(blueprint.title()));
		values.put("description", text(blueprint.description()));
		values.put("test_command", commands.test());
		values.put("requirements", commands.requirements());
		values.put("test_globs", stack.testGlobs());
		values.put("commands", commandTable());
		values.put("layout", layout());
		values.put("stack_label", stack.label());
		values.put("testing_rules", bullets(stack.testingRules(plannedKinds().contains(StageKind.HTTP_API))));
		values.put("http_tests",
				plannedKinds().contains(StageKind.HTTP_API) ? " and, for HTTP, its own server on a free port" : "");
		return values;
	}

	private String commandTable() {
		List<StageKind> kinds = plannedKinds();
		StringBuilder out = new StringBuilder("| Task | Command |\n|---|---|\n");
		out.append("| Run all tests | `").append(commands.test()).append("` |\n");
		if (commands.build() != null) {
			out.append("| Build | `").append(commands.build()).append("` |\n");
		}
		out.append("| Print the banner | `").append(commands.run()).append("` |\n");
		if (kinds.contains(StageKind.FEATURE_CATALOG)) {
			out.append("| List the features | `").append(commands.features()).append("` |\n");
		}
		if (kinds.contains(StageKind.HTTP_API)) {
			out.append("| Start the HTTP API | `").append(commands.server()).append("` |\n");
		}
		return out.toString().stripTrailing();
	}

	private String layout() {
		List<String> lines = new ArrayList<>();
		for (StageKind kind : plannedKinds()) {
			lines.addAll(stack.components(kind, model));
		}
		return bullets(lines);
	}

	private List<PlannedStage> stages() {
		return (plan.stages() != null) ? plan.stages() : List.of();
	}

	private static String bullets(List<String> lines) {
		StringBuilder out = new StringBuilder();
		lines.forEach((line) -> out.append("- ").append(line).append('\n'));
		return out.toString().stripTrailing();
	}

	/**
	 * README text for a Markdown block: never {@code null}, never a stray line ending.
	 */
	private static String text(String value) {
		return (value != null) ? value.replace("\r\n", "\n") : "";
	}

	private static String cell(String value) {
		return value.replace("\n", " ").replace("|", "\\|");
	}

}
