package io.quantapilot.agents.offline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import io.quantapilot.agents.Plan;
import io.quantapilot.agents.Plan.PlannedStage;

/**
 * The {@code offline} provider's scaffolder: turns a README into a working, tested
 * project from templates, without a model and without a network. It plays both roles of
 * the pipeline: as the architect it {@linkplain #plan plans} 3 to 5 stages and
 * {@linkplain #writeArchitecture writes} the plan and the project's guidance documents;
 * as the developer it {@linkplain #writeStage writes} each stage. Every stage leaves the
 * generated project's build and all its tests passing, given the stages before it.
 * <p>
 * Supported stacks: Java 17 with Maven and JUnit 5, Python 3.9+ with {@code unittest},
 * Node.js 18+ with {@code node:test}; all on the standard library only. Output is
 * deterministic: the same README gives the same bytes, and writing a stage twice changes
 * nothing.
 */
public final class TemplateScaffolder {

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private final ReadmeAnalyzer analyzer = new ReadmeAnalyzer();

	private final StagePlanner planner = new StagePlanner();

	/**
	 * Reads the names, stack, features and wishes (HTTP API or not) of a Markdown README.
	 */
	public Blueprint analyze(String readme) {
		return analyzer.analyze(readme);
	}

	/** Plans the stages the templates build for this blueprint; the plan validates. */
	public Plan plan(Blueprint blueprint) {
		return planner.plan(Objects.requireNonNull(blueprint, "blueprint"));
	}

	/**
	 * Writes the architect's output: {@code .quantapilot/plan.json},
	 * {@code docs/ARCHITECTURE.md}, the Cursor rules under {@code .cursor/rules/} and
	 * {@code AGENTS.md}.
	 * @return the paths written, relative to the workspace
	 */
	public List<Path> writeArchitecture(Path workspace, Blueprint blueprint, Plan plan, Consumer<String> log) {
		Objects.requireNonNull(workspace, "workspace");
		log.accept("offline provider: writing from templates, not from a model");
		TemplateModel model = new TemplateModel(blueprint);
		ProjectDocs docs = new ProjectDocs(model, StackTemplates.of(blueprint.stack()), plan);
		List<GeneratedFile> files = new ArrayList<>();
		files.add(new GeneratedFile(Plan.FILE, toJson(plan)));
		files.add(new GeneratedFile(ProjectDocs.ARCHITECTURE, docs.architecture(false)));
		files.add(new GeneratedFile(ProjectDocs.PROJECT_RULE, docs.projectRule()));
		files.add(new GeneratedFile(ProjectDocs.TESTING_RULE, docs.testingRule()));
		files.add(new GeneratedFile(ProjectDocs.AGENTS, docs.agents()));
		return WorkspaceFiles.write(workspace, files, log);
	}

	/**
	 * Writes the files of one planned stage.
	 * @param stageNumber the stage's {@code number} in the plan, from 1
	 * @return the paths written, relative to the workspace
	 * @throws IllegalArgumentException if the plan has no such stage, or the stage is not
	 * one the offline templates can build
	 */
	public List<Path> writeStage(Path workspace, Blueprint blueprint, Plan plan, int stageNumber,
			Consumer<String> log) {
		Objects.requireNonNull(workspace, "workspace");
		PlannedStage stage = stage(plan, stageNumber);
		StageKind kind = StageKind.bySlug(stage.name())
			.orElseThrow(() -> new IllegalArgumentException("Stage " + stageNumber + " '" + stage.name()
					+ "' is not one the offline templates can build; they build " + knownStages()));
		log.accept("offline provider: writing stage " + stageNumber + " (" + stage.name()
				+ ") from templates, not from a model");
		String readme = (kind == StageKind.DOCUMENTATION)
				? WorkspaceFiles.read(workspace, ProjectDocs.README).orElse(null) : null;
		List<GeneratedFile> files = StageFiles.render(kind, new TemplateModel(blueprint),
				StackTemplates.of(blueprint.stack()), plan, readme);
		return WorkspaceFiles.write(workspace, files, log);
	}

	/**
	 * The QA engineer's review of a stage. The templates write each stage's tests together with its code, so
	 * there is nothing left to add for a stage as the templates wrote it; what the review does is guard the test
	 * suite the platform is about to run: every test file the templates ship for this stage and the stages before
	 * it must be in the workspace and still hold tests. A missing one is written again from the templates
	 * (existing files are never overwritten, so no one's tests are replaced); one without tests is reported.
	 * @param stageNumber the stage's {@code number} in the plan, from 1
	 */
	public QaReview reviewTests(Path workspace, Blueprint blueprint, Plan plan, int stageNumber, Consumer<String> log) {
		Objects.requireNonNull(workspace, "workspace");
		stage(plan, stageNumber);
		TemplateModel model = new TemplateModel(blueprint);
		StackTemplates stack = StackTemplates.of(blueprint.stack());
		List<GeneratedFile> missing = new ArrayList<>();
		List<String> findings = new ArrayList<>();
		int files = 0;
		int tests = 0;
		for (PlannedStage planned : plan.stages()) {
			if (planned.number() > stageNumber) {
				continue;
			}
			StageKind kind = StageKind.bySlug(planned.name()).orElse(null);
			if (kind == null) {
				findings.add("stage " + planned.number() + " (" + planned.name() + ") is not one the templates know");
				continue;
			}
			for (GeneratedFile file : stack.stageFiles(kind, model)) {
				if (!isTestFile(file.path())) {
					continue;
				}
				files++;
				String present = WorkspaceFiles.read(workspace, file.path()).orElse(null);
				if (present == null) {
					missing.add(file);
					findings.add(file.path() + " of stage " + planned.number() + " was missing: written again");
					tests += countTests(file.content());
					continue;
				}
				int count = countTests(present);
				tests += count;
				if (count == 0) {
					findings.add(file.path() + " of stage " + planned.number() + " holds no tests");
				}
			}
		}
		List<Path> restored = missing.isEmpty() ? List.of() : WorkspaceFiles.write(workspace, missing, log);
		log.accept("offline QA: " + files + " test files of stages 1 to " + stageNumber + " checked, " + tests
				+ " tests, " + restored.size() + " restored");
		findings.forEach(log);
		return new QaReview(files, tests, restored, List.copyOf(findings));
	}

	/**
	 * What the QA review found.
	 * @param testFiles the template test files checked
	 * @param tests the tests they hold
	 * @param restored test files written again because they were missing
	 * @param findings one line per problem found
	 */
	public record QaReview(int testFiles, int tests, List<Path> restored, List<String> findings) {
	}

	private static final java.util.regex.Pattern TEST_FILE = java.util.regex.Pattern
		.compile("(^src/test/.*\\.java$)|(^tests/test_[^/]*\\.py$)|(^test/.*\\.test\\.js$)");

	private static final java.util.regex.Pattern TEST_CASE = java.util.regex.Pattern
		.compile("@Test\\b|\\bdef test_|(^|\\s)(test|it)\\(", java.util.regex.Pattern.MULTILINE);

	static boolean isTestFile(String path) {
		return TEST_FILE.matcher(path).matches();
	}

	static int countTests(String source) {
		java.util.regex.Matcher matcher = TEST_CASE.matcher(source);
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

	/**
	 * The plan as written to {@code .quantapilot/plan.json}: snake_case names, pretty
	 * printed.
	 */
	static String toJson(Plan plan) {
		return JSON.writeValueAsString(plan).replace("\r\n", "\n") + "\n";
	}

	private static PlannedStage stage(Plan plan, int stageNumber) {
		if (plan.stages() != null) {
			for (PlannedStage stage : plan.stages()) {
				if (stage.number() == stageNumber) {
					return stage;
				}
			}
		}
		throw new IllegalArgumentException("The plan has no stage " + stageNumber);
	}

	private static List<String> knownStages() {
		List<String> names = new ArrayList<>();
		for (StageKind kind : StageKind.values()) {
			names.add(kind.slug());
		}
		return names;
	}

}
