package io.quantapilot.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.quantapilot.common.QuantaPilotException;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The policy read from a project's configuration, and each gate's verdict. */
class QualityGatesUnitTests {

	@Test
	void defaultsApplyWhenTheConfigurationSaysNothing() {
		QualityPolicy policy = QualityPolicy.from(Map.of("agent_provider", "offline"));

		assertThat(policy).isEqualTo(QualityPolicy.defaults());
		assertThat(policy.toMap()).containsEntry("min_tests", 1)
			.containsEntry("min_coverage", BigDecimal.valueOf(80))
			.containsEntry("coverage_not_measured", "pass")
			.containsEntry("test_network", "allowed");
	}

	@Test
	void everyKeyIsRead() {
		QualityPolicy policy = QualityPolicy.from(Map.of("min_tests", 5, "min_coverage", 72.5, "coverage_not_measured",
				"fail", "allow_test_count_decrease", true, "test_network", "denied", "test_command", "mvn -B verify",
				"test_timeout", "PT5M", "extra_commands", List.of(Map.of("name", "lint", "command", "npm run lint"))));

		assertThat(policy.minTests()).isEqualTo(5);
		assertThat(policy.minCoverage()).isEqualByComparingTo("72.5");
		assertThat(policy.failWhenCoverageNotMeasured()).isTrue();
		assertThat(policy.allowTestCountDecrease()).isTrue();
		assertThat(policy.networkAllowed()).isFalse();
		assertThat(policy.testCommand()).isEqualTo("mvn -B verify");
		assertThat(policy.testTimeout()).isEqualTo(Duration.ofMinutes(5));
		assertThat(policy.extraCommands()).singleElement().satisfies(command -> {
			assertThat(command.name()).isEqualTo("lint");
			assertThat(command.argv()).containsExactly("npm", "run", "lint");
		});
	}

	@Test
	void invalidValuesAreRefusedNamingTheKey() {
		assertInvalid(Map.of("min_tests", -1), "configuration.min_tests");
		assertInvalid(Map.of("min_tests", 1.5), "configuration.min_tests");
		assertInvalid(Map.of("min_coverage", 101), "configuration.min_coverage");
		assertInvalid(Map.of("min_coverage", "80"), "configuration.min_coverage");
		assertInvalid(Map.of("coverage_not_measured", "ignore"), "configuration.coverage_not_measured");
		assertInvalid(Map.of("test_network", "off"), "configuration.test_network");
		assertInvalid(Map.of("test_timeout", "5 minutes"), "configuration.test_timeout");
		assertInvalid(Map.of("test_timeout", "PT1S"), "configuration.test_timeout");
		assertInvalid(Map.of("test_command", "npm test && rm -rf /"), "configuration.test_command");
		assertInvalid(Map.of("allow_test_count_decrease", "yes"), "configuration.allow_test_count_decrease");
		assertInvalid(Map.of("extra_commands", List.of(Map.of("name", "Lint!", "command", "x"))),
				"configuration.extra_commands[0].name");
		assertInvalid(Map.of("extra_commands", List.of(Map.of("name", "a", "command", "x"), Map.of("name", "a",
				"command", "y"))), "configuration.extra_commands[1].name");
		java.util.HashMap<String, Object> withNull = new java.util.HashMap<>();
		withNull.put("min_tests", null);
		assertInvalid(withNull, "configuration.min_tests");
	}

	@Test
	void aGreenRunPassesEveryGateAndUnmeasuredCoverageOnlyWarns() {
		List<GateResult> gates = QualityGates.evaluate(execution(true, 12, 0, 0, 1, null), QualityPolicy.defaults(),
				Optional.of(new QualityGates.PreviousStage(1, 11)), Optional.of(List.of()), List.of());

		assertThat(gates).extracting(GateResult::gate)
			.containsExactly("tests_passed", "min_tests", "coverage", "no_test_decrease", "no_cheating");
		assertThat(gates).noneMatch(GateResult::failed);
		assertThat(gates.get(1).value()).isEqualTo("11");
		assertThat(gates.get(2)).satisfies(coverage -> {
			assertThat(coverage.verdict()).isEqualTo(GateResult.WARNING);
			assertThat(coverage.value()).isEqualTo("not_measured");
			assertThat(coverage.message()).contains("coverage.py is not installed");
		});
	}

	@Test
	void eachGateFailsOnItsOwnCondition() {
		QualityPolicy strict = QualityPolicy.from(Map.of("min_tests", 20, "min_coverage", 90, "coverage_not_measured",
				"fail"));
		TestExecution failing = execution(false, 10, 2, 1, 0, new BigDecimal("85.50"));

		List<GateResult> gates = QualityGates.evaluate(failing, strict, Optional.of(new QualityGates.PreviousStage(2, 12)),
				Optional.of(List.of("deleted test file tests/test_a.py (2 tests, 3 assertions)")),
				List.of(new QualityGates.CommandOutcome("lint", "ruff check .", 1, false, "E501 line too long")));

		assertThat(gates).allMatch(GateResult::failed);
		assertThat(gates.get(0).value()).isEqualTo("3");
		assertThat(gates.get(0).evidence()).containsExactly("demo.Tests.fails");
		assertThat(gates.get(1).line()).isEqualTo("min_tests: FAILED (10, threshold 20) — only 10 tests ran, at least 20 are required");
		assertThat(gates.get(2).message()).contains("85.5 % of lines covered", "below the threshold of 90 %");
		assertThat(gates.get(3).message()).isEqualTo("fewer tests than stage 2 (12)");
		assertThat(gates.get(4).evidence()).containsExactly("deleted test file tests/test_a.py (2 tests, 3 assertions)");
		assertThat(gates.get(5).gate()).isEqualTo("command:lint");
		assertThat(gates.get(5).evidence()).containsExactly("E501 line too long");
	}

	@Test
	void aTimeoutAndAMissingCommandFailTheTestsAndUnmeasuredCoverageCanBeMadeToFail() {
		TestExecution timedOut = new TestExecution(UUID.randomUUID(), UUID.randomUUID(), 1, "k", "mvn -B test", "maven",
				"none", 143, true, false, -1, -1, -1, -1, List.of(), "", 2000, null, null, "the test run timed out",
				Instant.now());

		List<GateResult> gates = QualityGates.evaluate(timedOut, QualityPolicy.from(Map.of("coverage_not_measured",
				"fail")), Optional.empty(), Optional.empty(), List.of());

		assertThat(gates.get(0).value()).isEqualTo("timed_out");
		assertThat(gates.get(0).message()).contains("timed out after 2 s");
		assertThat(gates.get(1).value()).isEqualTo("unknown");
		assertThat(gates.get(2).failed()).isTrue();
		assertThat(gates.get(2).message()).contains("the test run timed out", "policy fails unmeasured coverage");
		assertThat(gates.get(3).failed()).isFalse();
		assertThat(gates.get(4).message()).contains("first attempt");
	}

	@Test
	void fewerTestsThanTheStageBeforeOnlyWarnWhenThePolicyAllowsIt() {
		GateResult gate = QualityGates.evaluate(execution(true, 5, 0, 0, 0, BigDecimal.TEN),
				QualityPolicy.from(Map.of("allow_test_count_decrease", true)),
				Optional.of(new QualityGates.PreviousStage(1, 8)), Optional.empty(), List.of()).get(3);

		assertThat(gate.verdict()).isEqualTo(GateResult.WARNING);
		assertThat(gate.message()).contains("allowed by the project's policy");
	}

	private static void assertInvalid(Map<String, ?> configuration, String field) {
		assertThatExceptionOfType(QuantaPilotException.InvalidRequest.class)
			.isThrownBy(() -> QualityPolicy.from(configuration))
			.satisfies(ex -> assertThat(ex.details()).containsEntry("field", field));
	}

	private static TestExecution execution(boolean passed, int total, int failed, int errors, int skipped,
			BigDecimal coverage) {
		List<Map<String, Object>> failures = failed > 0 ? List.of(Map.of("name", "demo.Tests.fails")) : List.of();
		return new TestExecution(UUID.randomUUID(), UUID.randomUUID(), 1, "key", "python3 -m unittest", "python", "none",
				passed ? 0 : 1, false, passed, total, failed, errors, skipped, failures, "", 100, coverage,
				coverage != null ? "cobertura" : null, coverage != null ? null
						: "coverage.py is not installed for python3 (python3 -m coverage failed)",
				Instant.now());
	}

}
