package io.quantapilot.agents.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.quantapilot.agents.Plan;
import io.quantapilot.agents.offline.Blueprint.Feature;
import io.quantapilot.agents.offline.Blueprint.Stack;

class TemplateScaffolderUnitTests {

	private static final Path EXAMPLES = Path.of("examples");

	private final TemplateScaffolder scaffolder = new TemplateScaffolder();

	@TempDir
	Path workspace;

	@Nested
	class StackDetection {

		@Test
		void javaFromBuildToolsAndFrameworks() {
			assertThat(stackOf("# Shop\n\nA Spring service built with Maven, tested with JUnit."))
				.isEqualTo(Stack.JAVA);
			assertThat(stackOf("# Shop\n\nUses GRADLE and java.")).isEqualTo(Stack.JAVA);
		}

		@Test
		void pythonFromInterpreterToolsAndFrameworks() {
			assertThat(stackOf("# Shop\n\nA Flask app; install with pip, test with pytest.")).isEqualTo(Stack.PYTHON);
			assertThat(stackOf("# Shop\n\nWritten in python3 with unittest and Django.")).isEqualTo(Stack.PYTHON);
		}

		@Test
		void nodeFromRuntimeToolsAndLanguages() {
			assertThat(stackOf("# Shop\n\nAn Express server for Node.js, installed with npm.")).isEqualTo(Stack.NODE);
			assertThat(stackOf("# Shop\n\nWritten in TypeScript.")).isEqualTo(Stack.NODE);
		}

		@Test
		void pythonWhenNoStackIsNamed() {
			assertThat(stackOf("# Shop\n\nSell things to people.")).isEqualTo(Stack.PYTHON);
			assertThat(stackOf("")).isEqualTo(Stack.PYTHON);
		}

		@Test
		void mostHitsWinCaseInsensitively() {
			assertThat(stackOf("# Shop\n\nPorted from Python to JAVA; build with MAVEN, test with junit."))
				.isEqualTo(Stack.JAVA);
		}

		@Test
		void onlyWholeWordsCount() {
			assertThat(stackOf("# Shop\n\nJavaScript in the browser, a pipeline of expressive nodes."))
				.isEqualTo(Stack.NODE);
			assertThat(stackOf("# Shop\n\nA pipeline with springs, pips and expressive javanese nodes."))
				.isEqualTo(Stack.PYTHON);
			assertThat(ReadmeAnalyzer.stack("javascript javascript java")).isEqualTo(Stack.NODE);
		}

		@Test
		void aTieGoesToTheStackNamedFirst() {
			assertThat(stackOf("# Shop\n\nNode or Java?")).isEqualTo(Stack.NODE);
			assertThat(stackOf("# Shop\n\nJava or Node?")).isEqualTo(Stack.JAVA);
		}

		@Test
		void theExamplesUseTheirStacks() throws IOException {
			assertThat(example("todo-api-java").stack()).isEqualTo(Stack.JAVA);
			assertThat(example("notes-cli-python").stack()).isEqualTo(Stack.PYTHON);
			assertThat(example("bookmarks-api-node").stack()).isEqualTo(Stack.NODE);
		}

		private Stack stackOf(String readme) {
			return scaffolder.analyze(readme).stack();
		}

	}

	@Nested
	class Naming {

		@Test
		void namesOfATypicalProject() {
			Blueprint blueprint = scaffolder.analyze("# Todo API\n\nKeeps todos.\n");
			assertThat(blueprint.name()).isEqualTo("Todo API");
			assertThat(blueprint.slug()).isEqualTo("todo-api");
			assertThat(blueprint.title()).isEqualTo("Todo API");
			assertThat(blueprint.javaPackage()).isEqualTo("io.example.todoapi");
			assertThat(blueprint.pythonPackage()).isEqualTo("todo_api");
			assertThat(blueprint.entity()).isEqualTo("Todo");
			assertThat(blueprint.description()).isEqualTo("Keeps todos.");
		}

		@ParameterizedTest
		@CsvSource(delimiter = '|',
				textBlock = """
						todo-api                     | todo-api               | Todo API                | io.example.todoapi             | todo_api             | Todo
						TodoApi                      | todo-api               | TodoApi                 | io.example.todoapi             | todo_api             | Todo
						Bookmarks API                | bookmarks-api          | Bookmarks API           | io.example.bookmarksapi        | bookmarks_api        | Bookmark
						The Simple Notes CLI         | the-simple-notes-cli   | The Simple Notes CLI    | io.example.thesimplenotescli   | the_simple_notes_cli | Note
						3D Printer Queue!            | 3d-printer-queue       | 3D Printer Queue!       | io.example.p3dprinterqueue     | p_3d_printer_queue   | Printer
						Café Übersicht               | cafe-ubersicht         | Café Übersicht          | io.example.cafeubersicht       | cafe_ubersicht       | Cafe
						"Quotes" & 'Ticks' v2.0      | quotes-ticks-v2-0      | "Quotes" & 'Ticks' v2.0 | io.example.quotesticksv20      | quotes_ticks_v2_0    | Quote
						待办事项                      | project                | 待办事项                 | io.example.project             | project              | Item
						class                        | class                  | Class                   | io.example.class_              | class_app            | ClassItem
						http                         | http                   | HTTP                    | io.example.http                | http_app             | Item
						String Tools                 | string-tools           | String Tools            | io.example.stringtools         | string_tools         | StringItem
						Categories service           | categories-service     | Categories service      | io.example.categoriesservice   | categories_service   | Category
						Address Book                 | address-book           | Address Book            | io.example.addressbook         | address_book         | Address
						""")
		void awkwardNamesGiveValidIdentifiers(String heading, String slug, String title, String javaPackage,
				String pythonPackage, String entity) {
			Blueprint blueprint = scaffolder.analyze("# " + heading + "\n");
			assertThat(blueprint.slug()).isEqualTo(slug).matches("[a-z0-9]+(-[a-z0-9]+)*");
			assertThat(blueprint.title()).isEqualTo(title);
			assertThat(blueprint.javaPackage()).isEqualTo(javaPackage);
			assertThat(blueprint.pythonPackage()).isEqualTo(pythonPackage).matches("[a-z_][a-z0-9_]*");
			assertThat(blueprint.entity()).isEqualTo(entity).matches("[A-Z][A-Za-z0-9]*");
			for (String segment : blueprint.javaPackage().split("\\.")) {
				assertThat(javax.lang.model.SourceVersion.isName(segment)).as(segment).isTrue();
			}
		}

		@Test
		void fallbacksWithoutAHeading() {
			Blueprint blueprint = scaffolder.analyze("Just some text.\n\n- one\n");
			assertThat(blueprint.name()).isEqualTo("project");
			assertThat(blueprint.slug()).isEqualTo("project");
			assertThat(blueprint.title()).isEqualTo("Project");
			assertThat(blueprint.entity()).isEqualTo("Item");
			assertThat(blueprint.description()).isEqualTo("Just some text.");
			assertThat(scaffolder.analyze("").description())
				.isEqualTo("Project, generated by QuantaPilot from its README.");
		}

		@Test
		void headingMarkupIsRemovedAndSetextHeadingsCount() {
			assertThat(scaffolder.analyze("# **Todo** `API` #\n").name()).isEqualTo("Todo API");
			assertThat(scaffolder.analyze("Recipe Box\n==========\n\nStores recipes.\n").name())
				.isEqualTo("Recipe Box");
		}

		@Test
		void longNamesGiveBoundedSlugs() {
			Blueprint blueprint = scaffolder.analyze("# " + "very long name ".repeat(20) + "\n");
			assertThat(blueprint.slug()).hasSizeLessThanOrEqualTo(50).doesNotEndWith("-");
		}

	}

	@Nested
	class Description {

		@Test
		void firstParagraphAfterTheTitleSkippingBadgesAndHeadings() {
			String readme = """
					# Shop

					[![CI](https://example.com/badge.svg)](https://example.com/ci)

					## Overview

					A **small** shop for
					[hand-made](https://example.com) things.

					Second paragraph.
					""";
			assertThat(scaffolder.analyze(readme).description()).isEqualTo("A small shop for hand-made things.");
		}

		@Test
		void longDescriptionsAreCut() {
			String description = scaffolder.analyze("# Shop\n\n" + "word ".repeat(300)).description();
			assertThat(description).hasSizeLessThanOrEqualTo(501).endsWith("\u2026");
		}

	}

	@Nested
	class Features {

		@Test
		void bulletsUnderAFeaturesHeadingWithTheirDescriptions() {
			String readme = """
					# Shop

					- not a feature: it is above the heading

					## Key features

					- **Cart**: keep items before paying
					* Checkout — pay by card
					+ Search - find products by name
					1. Wish list
					- [x] Coupons: discounts at checkout
					  that expire
					  - nested detail, not a feature
					- Cart: a duplicate is dropped

					## Installation

					- pip install shop
					""";
			assertThat(scaffolder.analyze(readme).features()).containsExactly(
					new Feature("Cart", "keep items before paying"), new Feature("Checkout", "pay by card"),
					new Feature("Search", "find products by name"), new Feature("Wish list", "Wish list"),
					new Feature("Coupons", "discounts at checkout that expire"));
		}

		@Test
		void allTopLevelBulletsWhenNoHeadingMentionsFeatures() {
			String readme = """
					# Shop

					It should:

					- list products
					- take orders

					```
					- not a bullet, code
					```
					""";
			assertThat(scaffolder.analyze(readme).features()).extracting(Feature::name)
				.containsExactly("list products", "take orders");
		}

		@Test
		void atMostTwelve() {
			StringBuilder readme = new StringBuilder("# Shop\n\n## Features\n\n");
			for (int i = 1; i <= 20; i++) {
				readme.append("- Feature ").append(i).append('\n');
			}
			assertThat(scaffolder.analyze(readme.toString()).features()).hasSize(12);
		}

		@Test
		void noneWithoutBullets() {
			Blueprint blueprint = scaffolder.analyze("# Shop\n\nJust prose.\n");
			assertThat(blueprint.features()).isEmpty();
			assertThat(blueprint.hasFeatures()).isFalse();
		}

		@Test
		void theExamplesListFiveFeaturesEach() throws IOException {
			assertThat(example("todo-api-java").features()).hasSize(5)
				.startsWith(new Feature("Add todos", "create a todo with a title and an optional description"));
			assertThat(example("notes-cli-python").features()).hasSize(5)
				.startsWith(new Feature("Add a note", "save a note with a title and an optional body"));
			assertThat(example("bookmarks-api-node").features()).hasSize(5)
				.startsWith(new Feature("Save bookmarks", "store a link's title and an optional description"));
		}

	}

	@Nested
	class HttpApiWish {

		@ParameterizedTest
		@ValueSource(strings = { "A REST service.", "Serves JSON over http.", "A small api.", "Two endpoints.",
				"RESTful design." })
		void askedFor(String sentence) {
			assertThat(scaffolder.analyze("# Shop\n\n" + sentence).httpApi()).isTrue();
		}

		@ParameterizedTest
		@ValueSource(strings = { "Take the rest of the day off.", "See https://example.com/docs for more.",
				"A command-line tool." })
		void notAskedFor(String sentence) {
			assertThat(scaffolder.analyze("# Shop\n\n" + sentence).httpApi()).isFalse();
		}

	}

	@Nested
	class Planning {

		@Test
		void everyExampleGetsAValidPlanOfThreeToFiveNumberedStages() throws IOException {
			for (String example : List.of("todo-api-java", "notes-cli-python", "bookmarks-api-node")) {
				Plan plan = scaffolder.plan(example(example));
				assertThat(plan.validationErrors()).as(example).isEmpty();
				assertThat(plan.stages()).as(example).hasSizeBetween(3, 5);
				for (int i = 0; i < plan.stages().size(); i++) {
					Plan.PlannedStage stage = plan.stages().get(i);
					assertThat(stage.number()).isEqualTo(i + 1);
					assertThat(stage.acceptanceCriteria()).as(stage.name()).hasSizeBetween(2, 4);
					assertThat(stage.estimatedTokens()).as(stage.name()).isPositive();
				}
				assertThat(plan.stages().get(0).name()).isEqualTo("project-skeleton");
				assertThat(plan.stages().get(plan.stages().size() - 1).name()).isEqualTo("documentation-and-ci");
				assertThat(plan.summary()).contains("offline provider", "not by a model");
				assertThat(plan.architecture()).contains("## Components", "## Decisions");
				assertThat(plan.risks()).anySatisfy((risk) -> assertThat(risk).contains("review it before production"));
			}
		}

		@Test
		void stagesFollowTheReadme() {
			assertThat(stageNames("# Shop\n\nA tool.\n")).containsExactly("project-skeleton", "core-domain",
					"documentation-and-ci");
			assertThat(stageNames("# Shop\n\nA tool.\n\n- list things\n")).containsExactly("project-skeleton",
					"core-domain", "feature-catalog", "documentation-and-ci");
			assertThat(stageNames("# Shop\n\nA REST API.\n")).containsExactly("project-skeleton", "core-domain",
					"http-api", "documentation-and-ci");
			assertThat(stageNames("# Shop\n\nA REST API.\n\n- list things\n")).hasSize(5);
		}

		@Test
		void techStackPerStack() {
			assertThat(scaffolder.plan(scaffolder.analyze("# A\n\nJava.")).techStack())
				.isEqualTo(new Plan.TechStack("java", "maven", List.of(), "junit5"));
			assertThat(scaffolder.plan(scaffolder.analyze("# A\n\nPython.")).techStack())
				.isEqualTo(new Plan.TechStack("python", "pip", List.of(), "unittest"));
			assertThat(scaffolder.plan(scaffolder.analyze("# A\n\nNode.js.")).techStack())
				.isEqualTo(new Plan.TechStack("javascript", "npm", List.of(), "node:test"));
		}

		@Test
		void estimatesGrowWithTheTemplateText() {
			Plan plan = scaffolder.plan(scaffolder.analyze("# Shop\n\nA REST API in Java.\n\n- list things\n"));
			long skeleton = plan.stages().get(0).estimatedTokens();
			long http = plan.stages().get(3).estimatedTokens();
			assertThat(http).isGreaterThan(skeleton);
			assertThat(plan.stages()).allSatisfy((stage) -> assertThat(stage.estimatedTokens() % 100).isZero());
		}

		@Test
		void planJsonUsesTheSchemaNamesAndReadsBack() throws IOException {
			Blueprint blueprint = example("todo-api-java");
			Plan plan = scaffolder.plan(blueprint);
			scaffolder.writeArchitecture(workspace, blueprint, plan, (line) -> {
			});
			String json = Files.readString(workspace.resolve(Plan.FILE));
			JsonMapper mapper = JsonMapper.builder().build();
			JsonNode tree = mapper.readTree(json);
			assertThat(tree.has("tech_stack")).isTrue();
			assertThat(tree.get("tech_stack").has("test_framework")).isTrue();
			assertThat(tree.get("stages").get(0).has("acceptance_criteria")).isTrue();
			assertThat(tree.get("stages").get(0).has("estimated_tokens")).isTrue();
			assertThat(json).contains("\n  \"summary\"").endsWith("}\n");
			assertThat(mapper.readValue(json, Plan.class)).isEqualTo(plan);
		}

		private List<String> stageNames(String readme) {
			return scaffolder.plan(scaffolder.analyze(readme)).stages().stream().map(Plan.PlannedStage::name).toList();
		}

	}

	@Nested
	class Writing {

		@Test
		void architectureFilesAndHonestLog() throws IOException {
			Blueprint blueprint = example("bookmarks-api-node");
			Plan plan = scaffolder.plan(blueprint);
			List<String> log = new ArrayList<>();
			List<Path> written = scaffolder.writeArchitecture(workspace, blueprint, plan, log::add);
			assertThat(written).containsExactly(Path.of(".quantapilot/plan.json"), Path.of("docs/ARCHITECTURE.md"),
					Path.of(".cursor/rules/project.mdc"), Path.of(".cursor/rules/testing.mdc"), Path.of("AGENTS.md"));
			assertThat(log).hasSize(written.size() + 1);
			assertThat(log.get(0)).isEqualTo("offline provider: writing from templates, not from a model");
			assertThat(Files.readString(workspace.resolve("docs/ARCHITECTURE.md")))
				.contains("# Architecture: Bookmarks API", "not by a model", "| 4 | `http-api` |", "/bookmarks/{id}");
			assertThat(Files.readString(workspace.resolve("AGENTS.md"))).contains("`npm test`", "Bookmarks API");
		}

		@Test
		void cursorRulesHaveFrontMatter() throws IOException {
			Blueprint blueprint = scaffolder.analyze("# Shop: \"best\" #1\n\nA Python tool.\n");
			scaffolder.writeArchitecture(workspace, blueprint, scaffolder.plan(blueprint), (line) -> {
			});
			String project = Files.readString(workspace.resolve(".cursor/rules/project.mdc"));
			String testing = Files.readString(workspace.resolve(".cursor/rules/testing.mdc"));
			String frontMatter = "(?s)---\\ndescription: [^\\n:\"#]+\\nglobs:[^\\n]*\\nalwaysApply: (true|false)\\n---\\n.+";
			assertThat(project).matches(frontMatter).contains("alwaysApply: true");
			assertThat(testing).matches(frontMatter).contains("globs: tests/**/*.py", "alwaysApply: false");
		}

		@Test
		void stagesWriteTheirFilesAndLogThem() throws IOException {
			Blueprint blueprint = example("notes-cli-python");
			Plan plan = scaffolder.plan(blueprint);
			List<String> log = new ArrayList<>();
			List<Path> written = scaffolder.writeStage(workspace, blueprint, plan, 2, log::add);
			assertThat(written).containsExactly(Path.of("notes_cli/domain.py"), Path.of("tests/test_domain.py"));
			assertThat(log.get(0)).contains("stage 2 (core-domain)", "not from a model");
			assertThat(Files.readString(workspace.resolve("notes_cli/domain.py"))).contains("class NoteService:");
		}

		@Test
		void qaReviewChecksEveryStagesTestsAndRestoresAMissingOneWithoutTouchingTheOthers() throws IOException {
			Blueprint blueprint = example("todo-api-java");
			Plan plan = scaffolder.plan(blueprint);
			for (int stage = 1; stage <= 2; stage++) {
				scaffolder.writeStage(workspace, blueprint, plan, stage, (line) -> {
				});
			}
			List<String> log = new ArrayList<>();
			TemplateScaffolder.QaReview complete = scaffolder.reviewTests(workspace, blueprint, plan, 2, log::add);
			assertThat(complete.testFiles()).isEqualTo(2);
			assertThat(complete.tests()).isGreaterThan(3);
			assertThat(complete.restored()).isEmpty();
			assertThat(complete.findings()).isEmpty();
			assertThat(log).anyMatch(line -> line.contains("2 test files of stages 1 to 2 checked"));

			Path skeletonTests;
			try (Stream<Path> paths = Files.walk(workspace.resolve("src/test"))) {
				skeletonTests = paths.filter(p -> p.endsWith("ProjectInfoTests.java")).findFirst().orElseThrow();
			}
			Path serviceTests = skeletonTests.resolveSibling(
					skeletonTests.getFileName().toString().replace("ProjectInfoTests", "TodoServiceTests"));
			String original = Files.readString(skeletonTests);
			Files.delete(skeletonTests);
			Files.writeString(serviceTests, "class Emptied {}\n");
			TemplateScaffolder.QaReview review = scaffolder.reviewTests(workspace, blueprint, plan, 2, (line) -> {
			});
			assertThat(review.restored()).containsExactly(workspace.relativize(skeletonTests));
			assertThat(skeletonTests).hasContent(original);
			// A test file someone changed is reported, never overwritten.
			assertThat(serviceTests).hasContent("class Emptied {}\n");
			assertThat(review.findings()).anyMatch(f -> f.contains("ProjectInfoTests.java of stage 1 was missing"))
				.anyMatch(f -> f.contains("TodoServiceTests.java of stage 2 holds no tests"));
		}

		@Test
		void testCasesAreCountedPerStack() {
			assertThat(TemplateScaffolder.countTests("@Test\nvoid a() {}\n@Test\nvoid b() {}")).isEqualTo(2);
			assertThat(TemplateScaffolder.countTests("    def test_a(self):\n    def helper(self):")).isEqualTo(1);
			assertThat(TemplateScaffolder.countTests("test('a', () => {});\n  it('b', () => {});")).isEqualTo(2);
			assertThat(TemplateScaffolder.isTestFile("tests/test_domain.py")).isTrue();
			assertThat(TemplateScaffolder.isTestFile("test/domain.test.js")).isTrue();
			assertThat(TemplateScaffolder.isTestFile("src/domain.js")).isFalse();
		}

		@Test
		void unknownStagesAreRejected() throws IOException {
			Blueprint blueprint = example("notes-cli-python");
			Plan plan = scaffolder.plan(blueprint);
			assertThatIllegalArgumentException()
				.isThrownBy(() -> scaffolder.writeStage(workspace, blueprint, plan, 0, (line) -> {
				}));
			assertThatIllegalArgumentException().isThrownBy(
					() -> scaffolder.writeStage(workspace, blueprint, plan, plan.stages().size() + 1, (line) -> {
					}))
				.withMessageContaining("no stage");
			Plan renamed = new Plan(plan.summary(), plan.techStack(), plan.architecture(),
					List.of(new Plan.PlannedStage(1, "machine-learning", "Train a model", List.of(), 1)), plan.risks());
			assertThatIllegalArgumentException()
				.isThrownBy(() -> scaffolder.writeStage(workspace, blueprint, renamed, 1, (line) -> {
				}))
				.withMessageContaining("machine-learning");
		}

		@Test
		void writingTwiceGivesTheSameBytesAndTouchesNothing() throws IOException {
			for (String example : List.of("todo-api-java", "notes-cli-python", "bookmarks-api-node")) {
				Path first = workspace.resolve(example);
				Files.createDirectories(first);
				Files.writeString(first.resolve("README.md"), readme(example));
				Blueprint blueprint = example(example);
				Plan plan = scaffolder.plan(blueprint);
				List<String> log = new ArrayList<>();
				scaffolder.writeArchitecture(first, blueprint, plan, (line) -> {
				});
				Map<String, byte[]> once = snapshot(first);
				scaffolder.writeArchitecture(first, blueprint, plan, log::add);
				assertThat(snapshot(first)).as(example).usingRecursiveComparison().isEqualTo(once);
				for (int stage = 1; stage <= plan.stages().size(); stage++) {
					scaffolder.writeStage(first, blueprint, plan, stage, (line) -> {
					});
					once = snapshot(first);
					scaffolder.writeStage(first, blueprint, plan, stage, log::add);
					assertThat(snapshot(first)).as(example + " stage " + stage)
						.usingRecursiveComparison()
						.isEqualTo(once);
				}
				assertThat(log).filteredOn((line) -> line.startsWith("wrote")).as(example).isEmpty();

				Path second = workspace.resolve(example + "-again");
				Files.createDirectories(second);
				Files.writeString(second.resolve("README.md"), readme(example));
				scaffoldAll(second, example);
				assertThat(snapshot(second)).as(example).usingRecursiveComparison().isEqualTo(once);
			}
		}

		@Test
		void anExistingReadmeIsKeptAndGetsADevelopmentSection() throws IOException {
			String original = readme("todo-api-java");
			Files.writeString(workspace.resolve("README.md"), original);
			scaffoldAll(workspace, "todo-api-java");
			String readme = Files.readString(workspace.resolve("README.md"));
			assertThat(readme).startsWith(original.stripTrailing())
				.contains("## Development", "`mvn -B -q test`", "curl -i -X POST http://localhost:8080/todos");
			assertThat(readme.split("quantapilot:development:start", -1)).hasSize(2);
		}

		@Test
		void aReadmeIsWrittenWhenThereIsNone() throws IOException {
			Blueprint blueprint = scaffolder.analyze(readme("notes-cli-python"));
			Plan plan = scaffolder.plan(blueprint);
			scaffolder.writeStage(workspace, blueprint, plan, plan.stages().size(), (line) -> {
			});
			String readme = Files.readString(workspace.resolve("README.md"));
			assertThat(readme).startsWith("# Notes CLI\n\nKeep short personal notes")
				.contains("## Features", "- **Add a note**: save a note", "python3 -m unittest discover -s tests -t .")
				.doesNotContain("HTTP API");
		}

		@Test
		void noPlaceholderSurvivesInAnyStack() throws IOException {
			for (String stack : List.of("Java", "Python", "Node.js")) {
				Path dir = workspace.resolve(stack);
				Files.createDirectories(dir);
				Blueprint blueprint = scaffolder.analyze("# Shop\n\nA REST API in " + stack + ".\n\n- list things\n");
				Plan plan = scaffolder.plan(blueprint);
				scaffolder.writeArchitecture(dir, blueprint, plan, (line) -> {
				});
				for (int stage = 1; stage <= plan.stages().size(); stage++) {
					scaffolder.writeStage(dir, blueprint, plan, stage, (line) -> {
					});
				}
				snapshot(dir).forEach((path, bytes) -> assertThat(new String(bytes, StandardCharsets.UTF_8)).as(path)
					.doesNotContainPattern("\\{\\{[a-z_]+\\}\\}"));
			}
		}

		@Test
		void awkwardReadmeTextCompilesAsJava() throws Exception {
			String readme = """
					# Ünïcødé "Quotes" \\u000a */ Tool

					A description with "quotes", back\\slashes, */ comment ends, tabs\tand emoji 🚀, in Java.

					## Features

					- **Say "hi"**: prints \\n literally, and 🚀
					- Tabs\there — ends with a backslash \\
					""";
			Blueprint blueprint = scaffolder.analyze(readme);
			assertThat(blueprint.stack()).isEqualTo(Stack.JAVA);
			Plan plan = scaffolder.plan(blueprint);
			for (int stage = 1; stage <= plan.stages().size(); stage++) {
				scaffolder.writeStage(workspace, blueprint, plan, stage, (line) -> {
				});
			}
			List<String> sources;
			try (Stream<Path> files = Files.walk(workspace.resolve("src/main/java"))) {
				sources = files.filter((file) -> file.toString().endsWith(".java")).map(Path::toString).toList();
			}
			Path classes = Files.createDirectories(workspace.resolve("classes"));
			JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
			List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-encoding", "US-ASCII"));
			args.addAll(sources);
			assertThat(javac.run(null, null, null, args.toArray(String[]::new))).isZero();
			try (URLClassLoader loader = new URLClassLoader(new URL[] { classes.toUri().toURL() })) {
				Class<?> info = loader.loadClass(blueprint.javaPackage() + ".ProjectInfo");
				assertThat(info.getField("TITLE").get(null)).isEqualTo(blueprint.title());
				assertThat(info.getField("DESCRIPTION").get(null)).isEqualTo(blueprint.description());
				Class<?> catalog = loader.loadClass(blueprint.javaPackage() + ".FeatureCatalog");
				assertThat(catalog.getMethod("render").invoke(null)).isEqualTo(
						"- Say \"hi\": prints \\n literally, and 🚀\n" + "- Tabs here: ends with a backslash \\\n");
			}
		}

		private List<String> scaffoldAll(Path dir, String example) throws IOException {
			Blueprint blueprint = example(example);
			Plan plan = scaffolder.plan(blueprint);
			List<String> log = new ArrayList<>();
			scaffolder.writeArchitecture(dir, blueprint, plan, log::add);
			for (int stage = 1; stage <= plan.stages().size(); stage++) {
				scaffolder.writeStage(dir, blueprint, plan, stage, log::add);
			}
			return log;
		}

		private Map<String, byte[]> snapshot(Path dir) throws IOException {
			Map<String, byte[]> files = new TreeMap<>();
			try (Stream<Path> paths = Files.walk(dir)) {
				for (Path path : paths.filter(Files::isRegularFile).toList()) {
					files.put(dir.relativize(path).toString(), Files.readAllBytes(path));
				}
			}
			return files;
		}

	}

	private Blueprint example(String name) throws IOException {
		return scaffolder.analyze(readme(name));
	}

	private static String readme(String name) throws IOException {
		return Files.readString(EXAMPLES.resolve(name).resolve("README.md"));
	}

}
