package io.quantapilot.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class QualityValuesUnitTests {

	@Test
	void traceIsCutToFortyLinesSayingHowManyWereDropped() {
		String trace = IntStream.rangeClosed(1, 100).mapToObj(i -> "at line " + i).collect(Collectors.joining("\n"));

		TestFailure failure = new TestFailure("t", TestFailure.Kind.FAILURE, "m", trace);

		List<String> lines = failure.trace().lines().toList();
		assertThat(lines).hasSize(TestFailure.MAX_TRACE_LINES);
		assertThat(lines.get(0)).isEqualTo("at line 1");
		assertThat(lines.get(39)).isEqualTo("... 61 more lines");
	}

	@Test
	void shortTraceAndMissingMessageAreKept() {
		TestFailure failure = new TestFailure("t", TestFailure.Kind.ERROR, null, "  a\nb  ");

		assertThat(failure.message()).isEmpty();
		assertThat(failure.trace()).isEqualTo("a\nb");
	}

	@Test
	void longMessageIsCut() {
		TestFailure failure = new TestFailure("t", TestFailure.Kind.FAILURE, "x".repeat(10_000), "");

		assertThat(failure.message()).hasSize(TestFailure.MAX_MESSAGE_CHARS);
	}

	@Test
	void summariesAddUpAndKeepAtMostFiftyFailures() {
		List<TestFailure> many = Collections.nCopies(40, new TestFailure("t", TestFailure.Kind.FAILURE, "", ""));
		TestSummary one = new TestSummary(50, 10, 40, 0, 0, many, "junit-xml");

		TestSummary both = one.plus(one).plus(TestSummary.unknown());

		assertThat(both.total()).isEqualTo(100);
		assertThat(both.failed()).isEqualTo(80);
		assertThat(both.failures()).hasSize(TestSummary.MAX_FAILURES);
		assertThat(TestSummary.unknown().plus(one)).isEqualTo(one);
		assertThat(TestSummary.unknown().known()).isFalse();
	}

	@Test
	void runPassesOnlyOnZeroExitWithoutFailures() {
		TestSummary green = new TestSummary(2, 2, 0, 0, 0, List.of(), "junit-xml");
		TestSummary red = new TestSummary(2, 1, 1, 0, 0, List.of(), "junit-xml");

		assertThat(run(0, false, false, green).passed()).isTrue();
		assertThat(run(0, false, false, TestSummary.unknown()).passed()).isTrue();
		assertThat(run(1, false, false, TestSummary.unknown()).passed()).isFalse();
		// A report with failures wins over a tool that exits 0 anyway.
		assertThat(run(0, false, false, red).passed()).isFalse();
		assertThat(run(0, true, false, green).passed()).isFalse();
		assertThat(run(0, false, true, green).passed()).isFalse();
	}

	@Test
	void limitsAreValidated() {
		assertThat(Limits.defaults().withTimeout(Duration.ofSeconds(3)).withMaxOutputBytes(4096)
			.withEnvironment(Map.of("CI", "true"))).isEqualTo(new Limits(Duration.ofSeconds(3), 4096, Map.of("CI", "true")));
		assertThatIllegalArgumentException().isThrownBy(() -> Limits.defaults().withTimeout(Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> Limits.defaults().withMaxOutputBytes(10));
	}

	@Test
	void commandNeedsAProgram() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TestCommand(List.of(), "custom", List.of()));
	}

	private static TestRun run(int exitCode, boolean timedOut, boolean cancelled, TestSummary summary) {
		return new TestRun(List.of("x"), "none", exitCode, timedOut, cancelled, Duration.ZERO, "", false, summary,
				Coverage.notMeasured("not looked at"));
	}

}
