package io.quantapilot.agents.offline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.quantapilot.agents.Plan;

/**
 * Java 17 with Maven and JUnit 5: no dependency but JUnit, the HTTP API on the JDK's own
 * server.
 */
final class JavaTemplates implements StackTemplates {

	@Override
	public Plan.TechStack techStack() {
		return new Plan.TechStack("java", "maven", List.of(), "junit5");
	}

	@Override
	public String label() {
		return "Java 17, built with Maven, tested with JUnit 5";
	}

	@Override
	public Commands commands(TemplateModel model) {
		String classes = "java -cp target/classes " + model.blueprint().javaPackage() + ".";
		return new Commands("mvn -B -q test", "mvn -B -q package", classes + "ProjectInfo", classes + "FeatureCli",
				"PORT=8080 " + classes + "HttpApi", 8080, "JDK 17+ and Maven 3.8+");
	}

	@Override
	public List<GeneratedFile> stageFiles(StageKind kind, TemplateModel model) {
		Map<String, String> values = model.values();
		String main = "src/main/java/" + model.javaPath() + "/";
		String test = "src/test/java/" + model.javaPath() + "/";
		String entity = model.entity();
		List<GeneratedFile> files = new ArrayList<>();
		switch (kind) {
			case SKELETON -> {
				files.add(file("pom.xml", "pom.xml.tmpl", values));
				files.add(file(".gitignore", "gitignore.tmpl", values));
				files.add(file(main + "ProjectInfo.java", "ProjectInfo.java.tmpl", values));
				files.add(file(test + "ProjectInfoTests.java", "ProjectInfoTests.java.tmpl", values));
			}
			case CORE_DOMAIN -> {
				files.add(file(main + entity + ".java", "Entity.java.tmpl", values));
				files.add(file(main + entity + "Service.java", "EntityService.java.tmpl", values));
				files.add(file(main + "ValidationException.java", "ValidationException.java.tmpl", values));
				files.add(file(main + "NotFoundException.java", "NotFoundException.java.tmpl", values));
				files.add(file(test + entity + "ServiceTests.java", "EntityServiceTests.java.tmpl", values));
			}
			case FEATURE_CATALOG -> {
				values.put("feature_entries",
						model.featureLines((feature) -> "\t\t\tnew Entry(\"" + Literals.java(feature.name()) + "\", \""
								+ Literals.java(feature.description()) + "\")", ",\n"));
				values.put("feature_names",
						model.featureLines((feature) -> "\t\t\t\"" + Literals.java(feature.name()) + "\"", ",\n"));
				files.add(file(main + "FeatureCatalog.java", "FeatureCatalog.java.tmpl", values));
				files.add(file(main + "FeatureCli.java", "FeatureCli.java.tmpl", values));
				files.add(file(test + "FeatureCatalogTests.java", "FeatureCatalogTests.java.tmpl", values));
			}
			case HTTP_API -> {
				files.add(file(main + "JsonCodec.java", "JsonCodec.java.tmpl", values));
				files.add(file(main + "HttpApi.java", "HttpApi.java.tmpl", values));
				files.add(file(test + "JsonCodecTests.java", "JsonCodecTests.java.tmpl", values));
				files.add(file(test + "HttpApiTests.java", "HttpApiTests.java.tmpl", values));
			}
			case DOCUMENTATION -> files.add(file(".github/workflows/ci.yml", "ci.yml.tmpl", values));
		}
		return files;
	}

	@Override
	public List<String> components(StageKind kind, TemplateModel model) {
		String main = "`src/main/java/" + model.javaPath() + "/";
		String entity = model.entity();
		return switch (kind) {
			case SKELETON -> List.of("`pom.xml`: Maven build, Java 17, JUnit 5, JaCoCo coverage report",
					main + "ProjectInfo.java`: name, version and the start-up banner");
			case CORE_DOMAIN -> List.of(main + entity + ".java`: the " + entity + " record (id, title, description)",
					main + entity + "Service.java`: in-memory create, get, list, update and delete with validation",
					main + "ValidationException.java`, `NotFoundException.java`: the domain's errors");
			case FEATURE_CATALOG -> List.of(main + "FeatureCatalog.java`: the README's features with descriptions",
					main + "FeatureCli.java`: command line that lists the features or shows one");
			case HTTP_API -> List.of(main + "HttpApi.java`: JSON CRUD endpoints on the JDK HTTP server",
					main + "JsonCodec.java`: minimal JSON reader and writer, so that no library is needed");
			case DOCUMENTATION -> List.of("`README.md`: how to build, test and run",
					"`.github/workflows/ci.yml`: GitHub Actions running `mvn -B test` on JDK 17");
		};
	}

	@Override
	public String testGlobs() {
		return "src/test/java/**/*.java";
	}

	@Override
	public List<String> testingRules(boolean httpApi) {
		List<String> rules = new ArrayList<>(List.of(
				"Tests live in `src/test/java`, in the same package as the code they test, in classes named "
						+ "`<Subject>Tests`.",
				"Use JUnit Jupiter (`org.junit.jupiter.api`) assertions; add no other test library without "
						+ "updating the plan."));
		if (httpApi) {
			rules.add("HTTP tests start `HttpApi` on port 0 and call it with `java.net.http.HttpClient`.");
		}
		rules.add("Coverage: `target/site/jacoco/index.html` after `mvn test`.");
		return rules;
	}

	private static GeneratedFile file(String path, String template, Map<String, String> values) {
		return new GeneratedFile(path, Template.render("java/" + template, values));
	}

}
