package io.quantapilot.quality.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.quantapilot.quality.TestFailure;
import io.quantapilot.quality.TestSummary;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * Console formats, read from output the real tools printed (see
 * {@code src/test/resources/quality/README.md}). Go and Gradle are not installed where these
 * tests run, so their lines are typed from the tools' documented formats.
 */
class ConsoleSummaryParserUnitTests {

	@Test
	void readsPythonUnittest() throws IOException {
		TestSummary summary = parseResource("python-unittest.txt", "python");

		assertThat(summary.source()).isEqualTo("console:unittest");
		assertThat(counts(summary)).containsExactly(4, 1, 1, 1, 1);
		assertThat(summary.failures()).extracting(TestFailure::name, TestFailure::kind)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("tests.test_sample.SampleTests.test_errors", TestFailure.Kind.ERROR),
					org.assertj.core.groups.Tuple.tuple("tests.test_sample.SampleTests.test_fails", TestFailure.Kind.FAILURE));
		TestFailure failure = summary.failures().get(1);
		assertThat(failure.message()).isEqualTo("AssertionError: 3 != 2 : arithmetic is broken");
		assertThat(failure.trace()).startsWith("Traceback (most recent call last):").doesNotContain("-----");
	}

	@Test
	void readsPythonUnittestSuccessWithOlderNames() {
		ConsoleSummaryParser parser = new ConsoleSummaryParser();
		for (String line : """
				test_ok (test_app.AppTests) ... ok
				----------------------------------------------------------------------
				Ran 3 tests in 0.010s

				OK (skipped=1, expected failures=1)
				""".split("\n")) {
			parser.accept(line);
		}

		assertThat(counts(parser.summary("python").orElseThrow())).containsExactly(3, 2, 0, 0, 1);
	}

	@Test
	void readsPytestClosingLine() throws IOException {
		TestSummary summary = parseResource("pytest.txt", "python");

		assertThat(summary.source()).isEqualTo("console:pytest");
		assertThat(counts(summary)).containsExactly(4, 1, 2, 0, 1);
		assertThat(summary.failures()).extracting(TestFailure::name)
			.containsExactly("tests/test_sample.py::SampleTests::test_errors", "tests/test_sample.py::SampleTests::test_fails");
	}

	@Test
	void readsNodeSpecReporter() throws IOException {
		TestSummary summary = parseResource("node-spec.txt", "node");

		assertThat(summary.source()).isEqualTo("console:node");
		assertThat(counts(summary)).containsExactly(6, 2, 2, 0, 2);
		assertThat(summary.failures()).extracting(TestFailure::name).contains("fails", "inner bad").doesNotContain("todo one");
	}

	@Test
	void readsNodeTapReporter() throws IOException {
		TestSummary summary = parseResource("node-tap.txt", "node");

		assertThat(counts(summary)).containsExactly(6, 2, 2, 0, 2);
		assertThat(summary.failures()).extracting(TestFailure::name).contains("fails").doesNotContain("todo one");
	}

	@Test
	void readsMavenTotalsNotPerClassLines() throws IOException {
		TestSummary summary = parseResource("maven.txt", "maven");

		assertThat(summary.source()).isEqualTo("console:maven");
		assertThat(counts(summary)).containsExactly(3, 1, 1, 0, 1);
		assertThat(summary.failures()).singleElement().satisfies(failure -> {
			assertThat(failure.name()).isEqualTo("CalculatorTest.subtractsWrongly");
			assertThat(failure.message()).isEqualTo("subtraction is broken ==> expected: <5> but was: <2>");
		});
	}

	@Test
	void addsUpMavenModules() {
		ConsoleSummaryParser parser = new ConsoleSummaryParser();
		parser.accept("[INFO] Tests run: 4, Failures: 0, Errors: 0, Skipped: 1, Time elapsed: 0.2 s -- in a.ATest");
		parser.accept("[INFO] Tests run: 4, Failures: 0, Errors: 0, Skipped: 1");
		parser.accept("\u001B[1;31m[ERROR] Tests run: 2, Failures: 0, Errors: 1, Skipped: 0\u001B[m");

		assertThat(counts(parser.summary("maven").orElseThrow())).containsExactly(6, 4, 0, 1, 1);
	}

	@Test
	void readsGoVerboseOutput() {
		ConsoleSummaryParser parser = new ConsoleSummaryParser();
		for (String line : """
				=== RUN   TestAdd
				--- PASS: TestAdd (0.00s)
				=== RUN   TestSub
				    calc_test.go:12: got 1, want 2
				--- FAIL: TestSub (0.00s)
				=== RUN   TestTable/case_one
				    --- SKIP: TestTable/case_one (0.00s)
				FAIL
				FAIL	example.com/calc	0.003s
				FAIL	example.com/broken [build failed]
				""".split("\n")) {
			parser.accept(line);
		}

		TestSummary summary = parser.summary("go").orElseThrow();
		assertThat(counts(summary)).containsExactly(4, 1, 1, 1, 1);
		assertThat(summary.failures()).extracting(TestFailure::name).contains("TestSub");
	}

	@Test
	void readsGradleAndPlainTotals() {
		ConsoleSummaryParser gradle = new ConsoleSummaryParser();
		gradle.accept("12 tests completed, 2 failed, 1 skipped");
		assertThat(counts(gradle.summary("gradle").orElseThrow())).containsExactly(12, 9, 2, 0, 1);

		ConsoleSummaryParser plain = new ConsoleSummaryParser();
		plain.accept("tests: 5 passed, 1 failed");
		assertThat(counts(plain.summary("custom").orElseThrow())).containsExactly(6, 5, 1, 0, 0);
	}

	@Test
	void unknownOutputGivesNoSummary() {
		ConsoleSummaryParser parser = new ConsoleSummaryParser();
		parser.accept("hello");
		parser.accept("FAILED (but not unittest)");

		assertThat(parser.summary("python")).isEmpty();
	}

	private static Object[] counts(TestSummary summary) {
		return new Object[] { summary.total(), summary.passed(), summary.failed(), summary.errors(), summary.skipped() };
	}

	private static TestSummary parseResource(String name, String ecosystem) throws IOException {
		ConsoleSummaryParser parser = new ConsoleSummaryParser();
		try (InputStream in = ConsoleSummaryParserUnitTests.class.getResourceAsStream("/quality/console/" + name)) {
			assertThat(in).as(name).isNotNull();
			new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(parser::accept);
		}
		return parser.summary(ecosystem).orElseThrow();
	}

}
