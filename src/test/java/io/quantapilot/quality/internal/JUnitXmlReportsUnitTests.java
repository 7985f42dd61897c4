package io.quantapilot.quality.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import io.quantapilot.quality.TestFailure;
import io.quantapilot.quality.TestSummary;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parses reports that the real tools wrote (see {@code src/test/resources/quality/README.md});
 * the runner integration tests parse freshly written ones as well. Hand-written XML is only used
 * for cases the tools do not produce on demand: hostile input and suite-only reports.
 */
class JUnitXmlReportsUnitTests {

	@TempDir
	Path dir;

	@Test
	void readsSurefireReport() throws IOException {
		TestSummary summary = resource("reports/TEST-demo.CalculatorTest.xml");

		assertThat(summary).extracting(TestSummary::total, TestSummary::passed, TestSummary::failed, TestSummary::errors,
				TestSummary::skipped)
			.containsExactly(3, 1, 1, 0, 1);
		assertThat(summary.source()).isEqualTo("junit-xml");
		TestFailure failure = summary.failures().get(0);
		assertThat(failure.name()).isEqualTo("demo.CalculatorTest.subtractsWrongly");
		assertThat(failure.kind()).isEqualTo(TestFailure.Kind.FAILURE);
		assertThat(failure.message()).isEqualTo("subtraction is broken ==> expected: <5> but was: <2>");
		assertThat(failure.trace()).startsWith("org.opentest4j.AssertionFailedError")
			.contains("at demo.CalculatorTest.subtractsWrongly(CalculatorTest.java:");
	}

	@Test
	void readsPytestReport() throws IOException {
		TestSummary summary = resource("reports/pytest-junit.xml");

		assertThat(summary).extracting(TestSummary::total, TestSummary::passed, TestSummary::failed, TestSummary::errors,
				TestSummary::skipped)
			.containsExactly(4, 1, 2, 0, 1);
		assertThat(summary.failures()).extracting(TestFailure::name)
			.containsExactlyInAnyOrder("tests.test_sample.SampleTests.test_errors", "tests.test_sample.SampleTests.test_fails");
		assertThat(summary.failures()).extracting(TestFailure::message)
			.contains("AssertionError: 3 != 2 : arithmetic is broken");
	}

	@Test
	void readsNodeReportWithNestedSuitesAndTodoTests() throws IOException {
		TestSummary summary = resource("reports/node-junit.xml");

		// Matches the runner's own totals: tests 6, pass 2, fail 2, skipped 1 + todo 1.
		assertThat(summary).extracting(TestSummary::total, TestSummary::passed, TestSummary::failed, TestSummary::errors,
				TestSummary::skipped)
			.containsExactly(6, 2, 2, 0, 2);
		assertThat(summary.failures()).extracting(TestFailure::name).containsExactly("test.fails", "test.inner bad");
		assertThat(summary.failures().get(0).message()).isEqualTo("Expected values to be strictly equal:2 !== 3");
	}

	@Test
	void errorsAreCountedApartFromFailures() throws IOException {
		TestSummary summary = parse("""
				<testsuite name="s" tests="2"><testcase classname="C" name="a"><error message="boom" type="java.lang.IllegalStateException">trace</error></testcase>
				<testcase classname="C" name="b"><system-out>noise</system-out></testcase></testsuite>""");

		assertThat(summary.errors()).isEqualTo(1);
		assertThat(summary.passed()).isEqualTo(1);
		assertThat(summary.failures()).singleElement()
			.satisfies(failure -> assertThat(failure.kind()).isEqualTo(TestFailure.Kind.ERROR))
			.satisfies(failure -> assertThat(failure.trace()).isEqualTo("trace"));
	}

	@Test
	void suiteAttributesCountWhenNoTestCasesAreListed() throws IOException {
		TestSummary summary = parse("""
				<testsuites><testsuite name="a" tests="5" failures="1" errors="1" skipped="1"/>
				<testsuite name="b" tests="2" failures="0" errors="0" skipped="0"/></testsuites>""");

		assertThat(summary).extracting(TestSummary::total, TestSummary::passed, TestSummary::failed, TestSummary::errors,
				TestSummary::skipped)
			.containsExactly(7, 4, 1, 1, 1);
	}

	@Test
	void externalEntitiesAreNeverResolved() throws IOException {
		Path secret = Files.writeString(this.dir.resolve("secret.txt"), "TOP-SECRET");
		String hostile = """
				<?xml version="1.0"?>
				<!DOCTYPE testsuite [<!ENTITY xxe SYSTEM "%s">]>
				<testsuite><testcase name="t"><failure message="&xxe;">&xxe;</failure></testcase></testsuite>
				""".formatted(secret.toUri());

		try {
			TestSummary summary = parse(hostile);
			assertThat(summary.failures()).noneSatisfy(failure -> assertThat(failure.message() + failure.trace())
				.contains("TOP-SECRET"));
		}
		catch (IOException ex) {
			// Refusing the document outright is just as safe.
			assertThat(ex).hasMessageNotContaining("TOP-SECRET");
		}
	}

	@Test
	void foreignAndTruncatedFilesAreNotReports() {
		assertThatIOException().isThrownBy(() -> parse("<project><testcase/></project>"));
		assertThatIOException().isThrownBy(() -> parse("<testsuite><testcase name=\"a\">"));
		assertThatIOException().isThrownBy(() -> parse(""));
	}

	@Test
	void summarizeAddsReportsAndSkipsBrokenOnes() throws IOException, URISyntaxException {
		Path broken = Files.writeString(this.dir.resolve("broken.xml"), "<testsuite><testcase");

		TestSummary summary = JUnitXmlReports
			.summarize(List.of(resourcePath("reports/TEST-demo.CalculatorTest.xml"), broken,
					resourcePath("reports/pytest-junit.xml")))
			.orElseThrow();

		assertThat(summary.total()).isEqualTo(7);
		assertThat(summary.failed()).isEqualTo(3);
		assertThat(summary.failures()).hasSize(3);
		assertThat(JUnitXmlReports.summarize(List.of(broken))).isEmpty();
	}

	private static TestSummary parse(String xml) throws IOException {
		return JUnitXmlReports.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
	}

	private static TestSummary resource(String name) throws IOException {
		try (InputStream in = JUnitXmlReportsUnitTests.class.getResourceAsStream("/quality/" + name)) {
			assertThat(in).as(name).isNotNull();
			return JUnitXmlReports.parse(in);
		}
	}

	private static Path resourcePath(String name) throws URISyntaxException {
		return Path.of(JUnitXmlReportsUnitTests.class.getResource("/quality/" + name).toURI());
	}

}
