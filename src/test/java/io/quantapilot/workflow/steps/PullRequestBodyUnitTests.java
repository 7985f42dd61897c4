package io.quantapilot.workflow.steps;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.quantapilot.agents.AgentRole;
import io.quantapilot.agents.AgentRun;
import io.quantapilot.projects.Stage;
import io.quantapilot.projects.StageStatus;
import io.quantapilot.quality.GateResult;
import io.quantapilot.quality.QualityEvaluation;
import io.quantapilot.quality.TestExecution;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stage pull request's description carries what issue 4 lists: goal, changes, test results with
 * coverage, quality gates, and the tokens and cost of the stage and of the project so far.
 */
class PullRequestBodyUnitTests {

	private static final UUID PROJECT = UUID.randomUUID();

	private static final PullRequestBody.ProjectFacts FACTS = new PullRequestBody.ProjectFacts(PROJECT, "word-tally");

	private static final Stage STAGE = new Stage(2, "counting", "Count the words of a file",
			List.of("counts words separated by whitespace"), 1000, StageStatus.RUNNING, "feature/stage-2-counting",
			"merge", 1, "abc", null, Instant.now(), null);

	@Test
	void showsCoverageGatesAndTheUsageOfTheStageAndTheProject() {
		TestExecution tests = tests(new BigDecimal("87.456"), "jacoco", null);
		QualityEvaluation gates = new QualityEvaluation(UUID.randomUUID(), PROJECT, 2, "verify:stage-2:attempt-1",
				tests.id(), true, List.of(new GateResult("min_coverage", GateResult.PASSED, "87.5", "80",
						"line coverage 87.5 % ≥ 80 %", List.of())),
				Map.of(), null, null, null, null, Instant.now());
		List<AgentRun> runs = List.of(run(1, AgentRole.ARCHITECT, 1000, 500, "0.0100"),
				run(2, AgentRole.DEVELOPER, 2000, 1000, "0.0200"), run(2, AgentRole.DEVELOPER, 300, 200, "0.0050"));

		String body = PullRequestBody.of(FACTS, STAGE, tests, List.of("src/tally.py", "tests/test_tally.py"), runs,
				Optional.of(gates));

		assertThat(body).contains("**Goal:** Count the words of a file", "- counts words separated by whitespace",
				"2 files changed against `main`", "- `src/tally.py`");
		assertThat(body).contains("Passed: 12 run, 0 failed, 0 errors, 1 skipped", "`pytest` in 3.2 s");
		assertThat(body).contains("**Coverage:** 87.5 % of lines (jacoco report)");
		assertThat(body).contains("### Quality gates", "line coverage 87.5 % ≥ 80 %");
		// Stage 2's two developer runs; the project adds stage 1's architect run.
		assertThat(body).contains("| this stage (2 agent runs, 2300 in / 1200 out) | 3500 | $0.025 |");
		assertThat(body).contains("| project so far (word-tally) | 5000 | $0.035 |");
		assertThat(body).doesNotContain("estimates");
		assertThat(body).contains("`" + PROJECT + "`");
	}

	@Test
	void saysWhyCoverageWasNotMeasuredAndListsNoChangesOnceMerged() {
		String body = PullRequestBody.of(FACTS, STAGE, tests(null, null, "no coverage report was found"), null,
				List.of(), Optional.empty());

		assertThat(body).contains("**Coverage:** not measured — no coverage report was found");
		assertThat(body).doesNotContain("### Changes", "### Quality gates");
		assertThat(body).contains("| this stage (0 agent runs, 0 in / 0 out) | 0 | $0 |");
	}

	@Test
	void withoutATestRunSaysSo() {
		String body = PullRequestBody.of(FACTS, STAGE, null, List.of(), List.of(), Optional.empty());

		assertThat(body).contains("No test run recorded.").doesNotContain("**Coverage:**");
	}

	private static TestExecution tests(BigDecimal coverage, String format, String note) {
		return new TestExecution(UUID.randomUUID(), PROJECT, 2, "verify:stage-2:attempt-1", "pytest", "python",
				"bubblewrap", 0, false, true, 12, 0, 0, 1, List.of(), "", 3210, coverage, format, note, Instant.now());
	}

	private static AgentRun run(int stage, AgentRole role, long in, long out, String cost) {
		return new AgentRun(UUID.randomUUID(), PROJECT, stage, role, "offline", "template", "step", "succeeded", in, out,
				0, false, new BigDecimal(cost), "", null, List.of(), Instant.now(), Instant.now(), null, null);
	}

}
