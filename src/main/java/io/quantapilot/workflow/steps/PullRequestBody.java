package io.quantapilot.workflow.steps;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.quantapilot.agents.AgentRun;
import io.quantapilot.projects.Stage;
import io.quantapilot.quality.QualityEvaluation;
import io.quantapilot.quality.TestExecution;

/**
 * The description of a stage's pull request (issue 4): the stage goal and acceptance criteria, the files
 * changed, the test results with coverage, the quality gates, and the tokens and cost spent, for the
 * stage and for the project so far. Written afresh on every publish, so the pull request shows the latest
 * attempt's figures.
 */
final class PullRequestBody {

	private static final int MAX_LISTED_FILES = 50;

	private PullRequestBody() {
	}

	/**
	 * The project the stage belongs to.
	 *
	 * @param id the project
	 * @param name its name
	 */
	record ProjectFacts(UUID id, String name) {
	}

	/**
	 * The body.
	 * @param changedFiles the files changed against main, or null once merged (nothing to compare)
	 * @param runs every agent run of the project (the stage's are picked out)
	 */
	static String of(ProjectFacts project, Stage stage, TestExecution tests, List<String> changedFiles,
			List<AgentRun> runs, Optional<QualityEvaluation> gates) {
		StringBuilder body = new StringBuilder("## Stage ").append(stage.number())
			.append(": ")
			.append(stage.name())
			.append("\n\n**Goal:** ")
			.append(stage.goal())
			.append('\n');
		if (!stage.acceptanceCriteria().isEmpty()) {
			body.append("\n### Acceptance criteria\n\n");
			stage.acceptanceCriteria().forEach(c -> body.append("- ").append(c).append('\n'));
		}
		if (changedFiles != null) {
			body.append("\n### Changes\n\n").append(changedFiles.size())
				.append(changedFiles.size() == 1 ? " file" : " files")
				.append(" changed against `main`\n\n");
			changedFiles.stream().limit(MAX_LISTED_FILES).forEach(f -> body.append("- `").append(f).append("`\n"));
			if (changedFiles.size() > MAX_LISTED_FILES) {
				body.append("- … and ").append(changedFiles.size() - MAX_LISTED_FILES).append(" more\n");
			}
		}
		tests(body, tests);
		gates.ifPresent(g -> body.append("\n### Quality gates\n\n").append(g.report()).append('\n'));
		usage(body, project, stage, runs);
		body.append("\n---\nOpened by QuantaPilot for project ").append(project.name()).append(" (`")
			.append(project.id()).append("`).\n");
		return body.toString();
	}

	private static void tests(StringBuilder body, TestExecution tests) {
		body.append("\n### Tests\n\n");
		if (tests == null) {
			body.append("No test run recorded.\n");
			return;
		}
		body.append(tests.passed() ? "Passed" : "**Failed** (merged only if a person approves a quality override)");
		if (tests.total() >= 0) {
			body.append(": ").append(tests.total()).append(" run, ").append(tests.failed()).append(" failed, ")
				.append(tests.errors()).append(" errors, ").append(tests.skipped()).append(" skipped");
		}
		body.append(" — `").append(tests.command()).append("` in ")
			.append(String.format(Locale.ROOT, "%.1f s", tests.durationMs() / 1000.0))
			.append('\n');
		body.append("\n**Coverage:** ");
		if (tests.coveragePercent() != null) {
			body.append(tests.coveragePercent().setScale(1, RoundingMode.HALF_UP).toPlainString()).append(" % of lines");
			if (tests.coverageFormat() != null) {
				body.append(" (").append(tests.coverageFormat()).append(" report)");
			}
			body.append('\n');
		}
		else {
			body.append("not measured")
				.append(tests.coverageNote() != null && !tests.coverageNote().isBlank() ? " — " + tests.coverageNote() : "")
				.append('\n');
		}
	}

	private static void usage(StringBuilder body, ProjectFacts project, Stage stage, List<AgentRun> runs) {
		long tokens = 0;
		long input = 0;
		long output = 0;
		BigDecimal cost = BigDecimal.ZERO;
		boolean estimated = false;
		int count = 0;
		// The ledger itself rather than the project's synced totals, which may lag a run that just ended.
		long projectTokens = 0;
		BigDecimal projectCost = BigDecimal.ZERO;
		for (AgentRun run : runs) {
			projectTokens += run.totalTokens();
			projectCost = projectCost.add(run.costUsd() != null ? run.costUsd() : BigDecimal.ZERO);
			if (Integer.valueOf(stage.number()).equals(run.stageNumber())) {
				count++;
				input += run.inputTokens();
				output += run.outputTokens();
				tokens += run.totalTokens();
				cost = cost.add(run.costUsd() != null ? run.costUsd() : BigDecimal.ZERO);
				estimated |= run.estimated();
			}
		}
		body.append("\n### Usage\n\n")
			.append("| | tokens | cost |\n|---|---:|---:|\n")
			.append("| this stage (").append(count).append(count == 1 ? " agent run" : " agent runs").append(", ")
			.append(input).append(" in / ").append(output).append(" out) | ")
			.append(tokens).append(" | $").append(money(cost)).append(" |\n")
			.append("| project so far (").append(project.name()).append(") | ").append(projectTokens).append(" | $")
			.append(money(projectCost)).append(" |\n");
		if (estimated) {
			body.append("\nSome token counts are estimates: the provider did not report them.\n");
		}
	}

	private static String money(BigDecimal amount) {
		return amount.setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
	}

}
