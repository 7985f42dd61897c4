package io.quantapilot.agents.offline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.quantapilot.agents.Plan;

/**
 * Python 3.9+ with {@code unittest} and the standard library only: nothing to install, so
 * a fresh machine with {@code python3} can build and test the project.
 */
final class PythonTemplates implements StackTemplates {

	@Override
	public Plan.TechStack techStack() {
		return new Plan.TechStack("python", "pip", List.of(), "unittest");
	}

	@Override
	public String label() {
		return "Python 3.9+ on the standard library, tested with unittest";
	}

	@Override
	public Commands commands(TemplateModel model) {
		String pkg = model.blueprint().pythonPackage();
		return new Commands("python3 -m unittest discover -s tests -t .", null, "python3 -m " + pkg,
				"python3 -m " + pkg + ".cli", "PORT=8000 python3 -m " + pkg + ".http_api", 8000,
				"Python 3.9+ (standard library only)");
	}

	@Override
	public List<GeneratedFile> stageFiles(StageKind kind, TemplateModel model) {
		Map<String, String> values = model.values();
		String pkg = model.blueprint().pythonPackage() + "/";
		List<GeneratedFile> files = new ArrayList<>();
		switch (kind) {
			case SKELETON -> {
				files.add(file("pyproject.toml", "pyproject.toml.tmpl", values));
				files.add(file(".gitignore", "gitignore.tmpl", values));
				files.add(file(pkg + "__init__.py", "__init__.py.tmpl", values));
				files.add(file(pkg + "__main__.py", "__main__.py.tmpl", values));
				files.add(file("tests/__init__.py", "tests__init__.py.tmpl", values));
				files.add(file("tests/test_project.py", "test_project.py.tmpl", values));
			}
			case CORE_DOMAIN -> {
				files.add(file(pkg + "domain.py", "domain.py.tmpl", values));
				files.add(file("tests/test_domain.py", "test_domain.py.tmpl", values));
			}
			case FEATURE_CATALOG -> {
				values.put("feature_entries",
						model.featureLines((feature) -> "    Feature(\"" + Literals.json(feature.name()) + "\", \""
								+ Literals.json(feature.description()) + "\"),", "\n"));
				values.put("feature_names",
						model.featureLines((feature) -> "    \"" + Literals.json(feature.name()) + "\",", "\n"));
				files.add(file(pkg + "features.py", "features.py.tmpl", values));
				files.add(file(pkg + "cli.py", "cli.py.tmpl", values));
				files.add(file("tests/test_features.py", "test_features.py.tmpl", values));
			}
			case HTTP_API -> {
				files.add(file(pkg + "http_api.py", "http_api.py.tmpl", values));
				files.add(file("tests/test_http_api.py", "test_http_api.py.tmpl", values));
			}
			case DOCUMENTATION -> files.add(file(".github/workflows/ci.yml", "ci.yml.tmpl", values));
		}
		return files;
	}

	@Override
	public List<String> components(StageKind kind, TemplateModel model) {
		String pkg = "`" + model.blueprint().pythonPackage() + "/";
		String entity = model.entity();
		return switch (kind) {
			case SKELETON -> List.of("`pyproject.toml`: package metadata (setuptools), no dependencies",
					pkg + "__init__.py`: name, version and the start-up banner; `__main__.py` prints it");
			case CORE_DOMAIN -> List.of(pkg + "domain.py`: the " + entity + " dataclass and " + entity
					+ "Service (in-memory create, get, list, update, delete with validation)");
			case FEATURE_CATALOG -> List.of(pkg + "features.py`: the README's features with descriptions",
					pkg + "cli.py`: command line that lists the features or shows one");
			case HTTP_API -> List.of(pkg + "http_api.py`: JSON CRUD endpoints on `http.server`");
			case DOCUMENTATION -> List.of("`README.md`: how to build, test and run",
					"`.github/workflows/ci.yml`: GitHub Actions running the unit tests on Python 3.9 and 3.12");
		};
	}

	@Override
	public String testGlobs() {
		return "tests/**/*.py";
	}

	@Override
	public List<String> testingRules(boolean httpApi) {
		List<String> rules = new ArrayList<>(
				List.of("Tests live in `tests/test_*.py` and use only `unittest` from the standard library.",
						"Run them from the project root: `python3 -m unittest discover -s tests -t .`."));
		if (httpApi) {
			rules.add("HTTP tests start the server on port 0 in a thread and call it with `urllib.request`.");
		}
		rules.add("Keep the code compatible with Python 3.9: no `match` statements, no `X | Y` type unions at "
				+ "runtime.");
		return rules;
	}

	private static GeneratedFile file(String path, String template, Map<String, String> values) {
		return new GeneratedFile(path, Template.render("python/" + template, values));
	}

}
