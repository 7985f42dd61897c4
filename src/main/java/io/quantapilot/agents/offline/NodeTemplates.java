package io.quantapilot.agents.offline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.quantapilot.agents.Plan;

/**
 * Node.js 18+ ES modules with the built-in test runner ({@code node:test}): no
 * dependencies, so {@code npm test} works without {@code npm install}.
 */
final class NodeTemplates implements StackTemplates {

	@Override
	public Plan.TechStack techStack() {
		return new Plan.TechStack("javascript", "npm", List.of(), "node:test");
	}

	@Override
	public String label() {
		return "Node.js 18+ with ES modules, tested with node:test";
	}

	@Override
	public Commands commands(TemplateModel model) {
		return new Commands("npm test", null, "node src/index.js", "node src/cli.js", "PORT=3000 node src/http-api.js",
				3000, "Node.js 18+ (no dependencies to install)");
	}

	@Override
	public List<GeneratedFile> stageFiles(StageKind kind, TemplateModel model) {
		Map<String, String> values = model.values();
		List<GeneratedFile> files = new ArrayList<>();
		switch (kind) {
			case SKELETON -> {
				files.add(file("package.json", "package.json.tmpl", values));
				files.add(file(".gitignore", "gitignore.tmpl", values));
				files.add(file("src/index.js", "index.js.tmpl", values));
				files.add(file("test/project.test.js", "project.test.js.tmpl", values));
			}
			case CORE_DOMAIN -> {
				files.add(file("src/domain.js", "domain.js.tmpl", values));
				files.add(file("test/domain.test.js", "domain.test.js.tmpl", values));
			}
			case FEATURE_CATALOG -> {
				values.put("feature_entries",
						model.featureLines((feature) -> "  { name: \"" + Literals.json(feature.name())
								+ "\", description: \"" + Literals.json(feature.description()) + "\" },", "\n"));
				values.put("feature_names",
						model.featureLines((feature) -> "  \"" + Literals.json(feature.name()) + "\",", "\n"));
				files.add(file("src/features.js", "features.js.tmpl", values));
				files.add(file("src/cli.js", "cli.js.tmpl", values));
				files.add(file("test/features.test.js", "features.test.js.tmpl", values));
			}
			case HTTP_API -> {
				files.add(file("src/http-api.js", "http-api.js.tmpl", values));
				files.add(file("test/http-api.test.js", "http-api.test.js.tmpl", values));
			}
			case DOCUMENTATION -> files.add(file(".github/workflows/ci.yml", "ci.yml.tmpl", values));
		}
		return files;
	}

	@Override
	public List<String> components(StageKind kind, TemplateModel model) {
		String entity = model.entity();
		return switch (kind) {
			case SKELETON -> List.of("`package.json`: ES modules, `npm test` runs `node --test`, no dependencies",
					"`src/index.js`: name, version and the start-up banner");
			case CORE_DOMAIN -> List.of("`src/domain.js`: " + entity
					+ "Service (in-memory create, get, list, update, delete with validation) and its errors");
			case FEATURE_CATALOG -> List.of("`src/features.js`: the README's features with descriptions",
					"`src/cli.js`: command line that lists the features or shows one");
			case HTTP_API -> List.of("`src/http-api.js`: JSON CRUD endpoints on `node:http`");
			case DOCUMENTATION -> List.of("`README.md`: how to build, test and run",
					"`.github/workflows/ci.yml`: GitHub Actions running `npm test` on Node.js 20 and 22");
		};
	}

	@Override
	public String testGlobs() {
		return "test/**/*.js";
	}

	@Override
	public List<String> testingRules(boolean httpApi) {
		List<String> rules = new ArrayList<>(List
			.of("Tests live in `test/*.test.js` and use `node:test` with `node:assert/strict`; no test libraries "
					+ "to install.", "Run them with `npm test` (which runs `node --test`)."));
		if (httpApi) {
			rules.add("HTTP tests start the server on port 0 and call it with the built-in `fetch`.");
		}
		rules.add("Code is ES modules (`\"type\": \"module\"`): use `import`, never `require`.");
		return rules;
	}

	private static GeneratedFile file(String path, String template, Map<String, String> values) {
		return new GeneratedFile(path, Template.render("node/" + template, values));
	}

}
