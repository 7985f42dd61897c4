package io.quantapilot.agents.offline;

import java.util.List;

import io.quantapilot.agents.Plan;
import io.quantapilot.agents.offline.Blueprint.Stack;

/**
 * The templates of one stack: the files of each stage and the facts the documentation
 * needs (commands, layout). Stack-neutral documents are written by {@link ProjectDocs}.
 */
interface StackTemplates {

	static StackTemplates of(Stack stack) {
		return switch (stack) {
			case JAVA -> new JavaTemplates();
			case PYTHON -> new PythonTemplates();
			case NODE -> new NodeTemplates();
		};
	}

	/** The plan's {@code tech_stack}. */
	Plan.TechStack techStack();

	/**
	 * The stack in words, e.g. {@code Java 17, built with Maven, tested with JUnit 5}.
	 */
	String label();

	/** How to build, test and run the generated project. */
	Commands commands(TemplateModel model);

	/**
	 * The files of a stage. For {@link StageKind#DOCUMENTATION} only the stack's part
	 * (the CI workflow); the documents are the same for every stack.
	 */
	List<GeneratedFile> stageFiles(StageKind kind, TemplateModel model);

	/** Where each stage's code lives, one Markdown line per component, for the docs. */
	List<String> components(StageKind kind, TemplateModel model);

	/** Cursor rule globs of the test sources, e.g. {@code tests/**}{@code /*.py}. */
	String testGlobs();

	/**
	 * How tests are written in this stack, one Markdown line each, for the rules and
	 * AGENTS.md.
	 * @param httpApi whether the project has the HTTP API stage
	 */
	List<String> testingRules(boolean httpApi);

	/**
	 * The commands of a generated project.
	 *
	 * @param test runs all tests
	 * @param build packages the project; {@code null} when there is nothing to build
	 * @param run prints the project banner
	 * @param features prints the feature catalogue
	 * @param server starts the HTTP API
	 * @param port the HTTP API's default port
	 * @param requirements what must be installed, e.g. {@code Python 3.9+}
	 */
	record Commands(String test, String build, String run, String features, String server, int port,
			String requirements) {
	}

}
