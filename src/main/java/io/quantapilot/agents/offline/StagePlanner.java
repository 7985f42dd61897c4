package io.quantapilot.agents.offline;

import java.util.ArrayList;
import java.util.List;

import io.quantapilot.agents.Plan;
import io.quantapilot.agents.Plan.PlannedStage;

/**
 * Plans the stages the templates can build for a blueprint, with goals and acceptance
 * criteria that the generated tests actually check.
 */
final class StagePlanner {

	private static final int CHARACTERS_PER_TOKEN = 4;

	private static final int TOKEN_ROUNDING = 100;

	Plan plan(Blueprint blueprint) {
		TemplateModel model = new TemplateModel(blueprint);
		StackTemplates stack = StackTemplates.of(blueprint.stack());
		StackTemplates.Commands commands = stack.commands(model);
		List<StageKind> kinds = StageKind.planFor(blueprint);
		List<PlannedStage> stages = new ArrayList<>();
		for (int i = 0; i < kinds.size(); i++) {
			StageKind kind = kinds.get(i);
			stages.add(
					new PlannedStage(i + 1, kind.slug(), goal(kind, model, stack), criteria(kind, model, commands), 0));
		}
		Plan draft = new Plan(summary(blueprint, stack, kinds), stack.techStack(),
				architecture(model, stack, kinds, commands), stages, risks(blueprint));
		// The estimate needs the rendered files, and the documentation stage renders the
		// plan
		// itself; the documents never show the estimates, so the draft renders the same
		// text.
		List<PlannedStage> estimated = new ArrayList<>();
		for (int i = 0; i < kinds.size(); i++) {
			PlannedStage stage = stages.get(i);
			long characters = 0;
			for (GeneratedFile file : StageFiles.render(kinds.get(i), model, stack, draft, null)) {
				characters += file.content().length();
			}
			estimated.add(new PlannedStage(stage.number(), stage.name(), stage.goal(), stage.acceptanceCriteria(),
					tokens(characters)));
		}
		return new Plan(draft.summary(), draft.techStack(), draft.architecture(), List.copyOf(estimated),
				draft.risks());
	}

	private static long tokens(long characters) {
		long tokens = (characters + CHARACTERS_PER_TOKEN - 1) / CHARACTERS_PER_TOKEN;
		return ((tokens + TOKEN_ROUNDING - 1) / TOKEN_ROUNDING) * TOKEN_ROUNDING;
	}

	private static String summary(Blueprint blueprint, StackTemplates stack, List<StageKind> kinds) {
		StringBuilder summary = new StringBuilder(blueprint.title()).append(": ").append(blueprint.description());
		if (!summary.toString().matches("(?s).*[.!?\u2026]$")) {
			summary.append('.');
		}
		summary.append(" Planned by the offline provider from templates, not by a model: ")
			.append(stack.label())
			.append(", built in ")
			.append(kinds.size())
			.append(" stages around the ")
			.append(blueprint.entity())
			.append(" entity");
		if (blueprint.hasFeatures()) {
			summary.append(", cataloguing the README's ").append(blueprint.features().size()).append(" features");
		}
		if (blueprint.httpApi()) {
			summary.append(", with a JSON HTTP API");
		}
		return summary.append('.').toString();
	}

	private static String architecture(TemplateModel model, StackTemplates stack, List<StageKind> kinds,
			StackTemplates.Commands commands) {
		Blueprint blueprint = model.blueprint();
		StringBuilder out = new StringBuilder();
		out.append("## Overview\n\n").append(blueprint.description()).append("\n\n");
		out.append("Stack: ")
			.append(stack.label())
			.append("; no dependency beyond the test framework. Requirements: ")
			.append(commands.requirements())
			.append(".\n\n## Components\n\n");
		for (StageKind kind : kinds) {
			stack.components(kind, model).forEach((line) -> out.append("- ").append(line).append('\n'));
		}
		if (kinds.contains(StageKind.HTTP_API)) {
			out.append("\n## HTTP API\n\n").append(ProjectDocs.endpointTable(model));
		}
		if (blueprint.hasFeatures()) {
			out.append("\n## Features requested in the README\n\n");
			for (Blueprint.Feature feature : blueprint.features()) {
				out.append("- ").append(feature.name());
				if (!feature.description().equals(feature.name())) {
					out.append(": ").append(feature.description());
				}
				out.append('\n');
			}
			out.append("\nThe feature catalogue records them with their descriptions; behaviour beyond the ")
				.append(blueprint.entity())
				.append(" CRUD operations is left to the developer.\n");
		}
		out.append("\n## Decisions\n\n")
			.append("- **Standard library only.** No framework and no dependency beyond the test framework, ")
			.append("so the project builds on a fresh machine without downloads of its own.\n")
			.append("- **In-memory storage.** The ")
			.append(blueprint.entity())
			.append("Service keeps data in a map; callers only use its methods, so that persistence can ")
			.append("replace the map without changing them. Data is lost on restart.\n")
			.append("- **Validation in the service.** Titles are required (at most 200 characters), ")
			.append("descriptions optional (at most 2000); invalid input and unknown ids raise distinct errors.\n")
			.append("- **Tests from the first stage.** Every stage adds tests and leaves `")
			.append(commands.test())
			.append("` passing.\n");
		return out.toString();
	}

	private static String goal(StageKind kind, TemplateModel model, StackTemplates stack) {
		Blueprint blueprint = model.blueprint();
		String entity = model.entity();
		return switch (kind) {
			case SKELETON -> "Set up " + blueprint.slug() + " (" + stack.label()
					+ ") with its build file, the project's name and description, a start-up banner and a first "
					+ "passing test.";
			case CORE_DOMAIN -> "Model the " + entity + " entity with an in-memory " + entity
					+ "Service that creates, gets, lists, updates and deletes " + model.collection()
					+ " and validates their input.";
			case FEATURE_CATALOG -> "Catalogue the " + blueprint.features().size()
					+ " features from the README with their descriptions, and print them from a small "
					+ "command-line entry point.";
			case HTTP_API -> "Serve " + entity + " create, read, update and delete as JSON over HTTP at /"
					+ model.collection() + ", using only the standard library's HTTP server.";
			case DOCUMENTATION -> "Document how to build, test and run the project, record the stages in "
					+ "docs/ARCHITECTURE.md and run the tests in GitHub Actions.";
		};
	}

	private static List<String> criteria(StageKind kind, TemplateModel model, StackTemplates.Commands commands) {
		String test = "`" + commands.test() + "` passes";
		String collection = "/" + model.collection();
		return switch (kind) {
			case SKELETON -> List.of(test + " on a fresh checkout",
					"The build names the project `" + model.blueprint().slug()
							+ "` and depends on nothing but the test framework",
					"`" + commands.run() + "` prints the title, version and description");
			case CORE_DOMAIN -> List.of(
					"create assigns increasing ids; a blank title or an over-long field is rejected with a "
							+ "validation error",
					"get, update and delete of an unknown id fail with a not-found error",
					"Tests cover every operation; " + test);
			case FEATURE_CATALOG ->
				List.of("The catalogue lists the README's features in order, each with a description",
						"`" + commands.features()
								+ "` prints every feature; `show <name>` prints one and fails for an unknown name",
						test);
			case HTTP_API -> List.of(
					"POST " + collection + " answers 201 with a Location header; GET, PUT and DELETE " + collection
							+ "/{id} answer 200, 200 and 204",
					"Invalid input answers 400, an unknown id 404, an unsupported method 405",
					"Tests start the server on a free port and call it over HTTP; " + test);
			case DOCUMENTATION -> List.of("README.md explains how to build, test and run the project",
					"docs/ARCHITECTURE.md lists every stage and the files it added",
					".github/workflows/ci.yml runs the tests on every push and pull request");
		};
	}

	private static List<String> risks(Blueprint blueprint) {
		List<String> risks = new ArrayList<>();
		risks.add("Generated from templates by the offline provider, not designed by a model: it is a working, "
				+ "tested starting point; review it before production use.");
		if (blueprint.hasFeatures()) {
			risks.add("The README's features are catalogued, not implemented: each needs real work beyond the "
					+ "generated " + blueprint.entity() + " CRUD operations.");
		}
		risks.add("Data is kept in memory and lost on restart; add persistence before real use.");
		if (blueprint.httpApi()) {
			risks.add("The HTTP API has no authentication, TLS or rate limiting; do not expose it to untrusted "
					+ "networks as it is.");
		}
		return risks;
	}

}
