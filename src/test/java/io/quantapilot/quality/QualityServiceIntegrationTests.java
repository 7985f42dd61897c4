package io.quantapilot.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.quantapilot.agents.Plan;
import io.quantapilot.agents.offline.Blueprint;
import io.quantapilot.agents.offline.TemplateScaffolder;
import io.quantapilot.quality.internal.ToolProbe;
import io.quantapilot.support.ApplicationIntegrationTest;
import io.quantapilot.support.Examples;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * Real sample projects (Maven with JaCoCo, Python, Node.js) verified for real through the service: the
 * tools run in the sandbox, the executions and gate evaluations are stored, and each scenario gets its
 * verdict — passing, failing, timing out, below the coverage threshold, cheating in a fix attempt, reaching
 * for the network or outside the workspace.
 */
class QualityServiceIntegrationTests extends ApplicationIntegrationTest {

	private static final Duration TIMEOUT = Duration.ofMinutes(3);

	@Autowired
	QualityService quality;

	@TempDir
	Path project;

	@TempDir
	Path elsewhere;

	@Test
	void mavenProjectWithJacocoPassesEveryGateWithItsCoverageMeasured() throws IOException {
		SampleProjects.mavenWithJacoco(this.project);
		UUID id = UUID.randomUUID();

		String stepKey = id + ":verify:stage-1:attempt-0";
		QualityEvaluation evaluation = this.quality.verify(id, 1, stepKey, this.project, Map.of(), TIMEOUT);

		TestExecution execution = this.quality.get(evaluation.executionId());
		assertThat(evaluation.passed()).as(execution.output()).isTrue();
		assertThat(execution.sandbox()).isEqualTo("bubblewrap");
		assertThat(execution.total()).isEqualTo(2);
		assertThat(execution.coverageFormat()).isEqualTo("jacoco");
		assertThat(execution.coveragePercent()).isEqualByComparingTo("100");
		assertThat(gate(evaluation, "coverage").verdict()).isEqualTo(GateResult.PASSED);
		assertThat(gate(evaluation, "coverage").threshold()).isEqualTo("80");
		// Stored: the API's history and a retried verify step see the same evaluation.
		assertThat(this.quality.evaluations(id)).singleElement().isEqualTo(evaluation);
		assertThat(this.quality.verify(id, 1, stepKey, this.project, Map.of(), TIMEOUT)).isEqualTo(evaluation);
	}

	@Test
	void failingPythonTestsFailTheGateWithTheFailureNamedAndTheDeveloperIsToldWhyAndWhatThePersonSaid()
			throws IOException {
		SampleProjects.python(this.project);
		UUID id = UUID.randomUUID();

		QualityEvaluation evaluation = verify(id, 1, Map.of());

		assertThat(evaluation.passed()).isFalse();
		assertThat(evaluation.failedGates()).containsExactly("tests_passed");
		assertThat(gate(evaluation, "tests_passed").evidence()).singleElement().asString().endsWith("test_fails");
		GateResult coverage = gate(evaluation, "coverage");
		if (ToolProbe.succeeds(List.of("python3", "-m", "coverage", "--version"))) {
			assertThat(coverage.value()).isNotEqualTo("not_measured");
		}
		else {
			assertThat(coverage.verdict()).isEqualTo(GateResult.WARNING);
			assertThat(coverage.message()).contains("coverage.py is not installed");
		}

		this.quality.recordDecision(id, 1, QualityEvaluation.RETRY, "alice", "fix the arithmetic, not the test");
		String report = this.quality.developerReport(id, 1).orElseThrow();
		assertThat(report).contains("tests_passed: FAILED", "Guidance from alice:", "fix the arithmetic, not the test",
				"arithmetic is broken");
	}

	@Test
	void aRunThatOutlivesItsTimeLimitIsKilledAndFails() throws IOException {
		SampleProjects.slowPython(this.project);

		QualityEvaluation evaluation = this.quality.verify(UUID.randomUUID(), 1, "slow:" + UUID.randomUUID(),
				this.project, Map.of(), Duration.ofSeconds(2));

		TestExecution execution = this.quality.get(evaluation.executionId());
		assertThat(execution.timedOut()).isTrue();
		assertThat(execution.durationMs()).isLessThan(30_000);
		assertThat(gate(evaluation, "tests_passed").value()).isEqualTo("timed_out");
		assertThat(evaluation.passed()).isFalse();
	}

	@Test
	void nodeProjectBelowTheCoverageThresholdFailsOnlyTheCoverageGate() throws IOException {
		SampleProjects.nodeBarelyCovered(this.project);

		QualityEvaluation evaluation = verify(UUID.randomUUID(), 1, Map.of("min_coverage", 80));

		assertThat(evaluation.failedGates()).containsExactly("coverage");
		GateResult coverage = gate(evaluation, "coverage");
		assertThat(new java.math.BigDecimal(coverage.value())).isLessThan(new java.math.BigDecimal("50"));
		assertThat(coverage.message()).contains("(lcov)", "below the threshold of 80 %");
		assertThat(this.quality.get(evaluation.executionId()).coverageFormat()).isEqualTo("lcov");
	}

	@Test
	void aFixAttemptThatDeletesTheFailingTestIsCaught() throws IOException {
		SampleProjects.nodeWithAFailingFile(this.project);
		UUID id = UUID.randomUUID();
		QualityEvaluation first = verify(id, 1, Map.of());
		assertThat(first.failedGates()).containsExactly("tests_passed");

		Files.delete(this.project.resolve("test/multiplies.test.js"));
		QualityEvaluation fix = verify(id, 1, Map.of());

		assertThat(gate(fix, "tests_passed").verdict()).isEqualTo(GateResult.PASSED);
		assertThat(fix.passed()).isFalse();
		assertThat(fix.failedGates()).containsExactly("no_cheating");
		assertThat(gate(fix, "no_cheating").evidence()).contains(
				"deleted test file test/multiplies.test.js (1 tests, 1 assertions)", "tests run dropped from 2 to 1");
	}

	@Test
	void theSandboxKeepsTestsInTheirWorkspaceAndOffTheNetworkWhenThePolicyDeniesIt() throws IOException {
		Path outside = this.elsewhere.resolve("escaped.txt");
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			SampleProjects.pythonReachingOut(this.project, server.getLocalPort(), outside);

			QualityEvaluation allowed = verify(UUID.randomUUID(), 1, Map.of());
			QualityEvaluation denied = verify(UUID.randomUUID(), 1, Map.of("test_network", "denied"));

			assertThat(failedTests(allowed)).singleElement().asString().endsWith("test_write_outside");
			assertThat(failedTests(denied)).hasSize(2)
				.anySatisfy(name -> assertThat(name).endsWith("test_network"))
				.anySatisfy(name -> assertThat(name).endsWith("test_write_outside"));
			assertThat(this.quality.get(denied.executionId()).sandbox()).isEqualTo("bubblewrap (no network)");
			assertThat(denied.policy()).containsEntry("test_network", "denied");
		}
		assertThat(outside).doesNotExist();
		assertThat(this.project.resolve("inside.txt")).hasContent("fine");
	}

	@Test
	void extraCommandsAndFewerTestsThanTheStageBeforeFailTheirGates() throws IOException {
		SampleProjects.python(this.project);
		UUID id = UUID.randomUUID();
		verify(id, 1, Map.of());
		Files.writeString(this.project.resolve("tests/test_sample.py"), """
				import unittest


				class SampleTests(unittest.TestCase):
				    def test_passes(self):
				        self.assertEqual(2, 1 + 1)
				""");

		QualityEvaluation stage2 = verify(id, 2, Map.of("extra_commands", List.of(
				Map.of("name", "lint", "command", "python3 -c \"print('E501 line too long'); raise SystemExit(3)\""),
				Map.of("name", "format", "command", "python3 -c pass"))));

		assertThat(stage2.failedGates()).containsExactly("no_test_decrease", "command:lint");
		assertThat(gate(stage2, "no_test_decrease").message()).isEqualTo("fewer tests than stage 1 (2)");
		assertThat(gate(stage2, "command:lint").evidence()).singleElement().asString().contains("E501");
		assertThat(gate(stage2, "command:format").verdict()).isEqualTo(GateResult.PASSED);
	}

	@Test
	void theOfflineProvidersNodeProjectPassesTheDefaultGatesAfterItsFirstAndLastStage() throws IOException {
		TemplateScaffolder scaffolder = new TemplateScaffolder();
		Blueprint blueprint = scaffolder.analyze(Examples.readme("bookmarks-api-node"));
		Plan plan = scaffolder.plan(blueprint);
		scaffolder.writeArchitecture(this.project, blueprint, plan, line -> {
		});
		UUID id = UUID.randomUUID();
		int last = plan.stages().size();
		for (int stage = 1; stage <= last; stage++) {
			scaffolder.writeStage(this.project, blueprint, plan, stage, line -> {
			});
			if (stage > 1 && stage < last) {
				// The first and the last stage bound what the templates produce; the others cost time only.
				continue;
			}

			QualityEvaluation evaluation = verify(id, stage, Map.of());

			assertThat(evaluation.failedGates()).as("stage " + stage).isEmpty();
			assertThat(gate(evaluation, "coverage").verdict()).isEqualTo(GateResult.PASSED);
			assertThat(new java.math.BigDecimal(gate(evaluation, "coverage").value())).isGreaterThanOrEqualTo(
					QualityPolicy.DEFAULT_MIN_COVERAGE);
		}
	}

	private QualityEvaluation verify(UUID projectId, int stage, Map<String, ?> configuration) {
		return this.quality.verify(projectId, stage, projectId + ":verify:stage-" + stage + ":" + UUID.randomUUID(),
				this.project, configuration, TIMEOUT);
	}

	private List<String> failedTests(QualityEvaluation evaluation) {
		return this.quality.get(evaluation.executionId()).failures().stream()
			.map(failure -> String.valueOf(failure.get("name")))
			.toList();
	}

	private static GateResult gate(QualityEvaluation evaluation, String name) {
		return evaluation.gates().stream().filter(gate -> gate.gate().equals(name)).findFirst().orElseThrow();
	}

}
