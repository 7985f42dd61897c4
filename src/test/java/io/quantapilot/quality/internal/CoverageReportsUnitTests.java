package io.quantapilot.quality.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import io.quantapilot.quality.Coverage;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parses coverage reports the real tools wrote (see src/test/resources/quality/README.md). */
class CoverageReportsUnitTests {

	@TempDir
	Path dir;

	@Test
	void jacocoReportWithItsDoctypeIsReadFromTheReportTotals() throws IOException {
		Coverage coverage = CoverageReports.parse(fixture("jacoco.xml"));

		assertThat(coverage).isEqualTo(Coverage.of("jacoco", 282, 314));
		// The report is the offline provider's Java project's: it meets the default threshold.
		assertThat(coverage.percent()).isEqualByComparingTo("89.80")
			.isGreaterThanOrEqualTo(io.quantapilot.quality.QualityPolicy.DEFAULT_MIN_COVERAGE);
	}

	@Test
	void coveragePyCoberturaLeavesTheTestsOut() throws IOException {
		Coverage coverage = CoverageReports.parse(fixture("coverage-py-cobertura.xml"));

		// coverage.py itself reports 233 of 244 lines, tests/ included.
		assertThat(coverage).isEqualTo(Coverage.of("cobertura", 109, 117));
		assertThat(coverage.percent()).isEqualByComparingTo("93.16");
	}

	@Test
	void nodeLcovLeavesTheTestFilesOut() throws IOException {
		Coverage coverage = CoverageReports.parse(fixture("node-test-runner.lcov"));

		assertThat(coverage).isEqualTo(Coverage.of("lcov", 274, 295));
	}

	@Test
	void goProfileCountsStatements() throws IOException {
		Coverage coverage = CoverageReports.parse(fixture("go-cover.out"));

		assertThat(coverage).isEqualTo(Coverage.of("go", 3, 9));
		assertThat(coverage.percent()).isEqualByComparingTo("33.33");
	}

	@Test
	void goBlocksListedTwiceCountOnceAndCoveredIfEitherIs() throws IOException {
		Path profile = Files.writeString(this.dir.resolve("cover.out"), """
				mode: count
				example.com/a/a.go:3.10,5.2 2 0
				example.com/a/a.go:3.10,5.2 2 4
				example.com/a/a.go:7.10,9.2 1 0
				""");

		assertThat(CoverageReports.parse(profile)).isEqualTo(Coverage.of("go", 2, 3));
	}

	@Test
	void severalReportsOfOneFormatAddUpAndThePreferredFormatWins() throws IOException {
		Path lcov = Files.copy(fixture("node-test-runner.lcov"), this.dir.resolve("lcov.info"));
		Path jacocoA = Files.copy(fixture("jacoco.xml"), this.dir.resolve("a.xml"));
		Path jacocoB = Files.copy(fixture("jacoco.xml"), this.dir.resolve("b.xml"));
		Path junk = Files.writeString(this.dir.resolve("junk.txt"), "not a report");

		assertThat(CoverageReports.read(List.of(lcov, jacocoA, jacocoB, junk)))
			.contains(Coverage.of("jacoco", 564, 628));
		assertThat(CoverageReports.read(List.of(lcov, junk))).contains(Coverage.of("lcov", 274, 295));
		assertThat(CoverageReports.read(List.of(junk))).isEmpty();
	}

	@Test
	void foreignXmlAndExternalEntitiesAreRefused() throws IOException {
		Path junit = Files.writeString(this.dir.resolve("TEST-x.xml"), "<testsuite tests=\"1\"/>");
		Path secret = Files.writeString(this.dir.resolve("secret.txt"), "s3cret");
		Path entity = Files.writeString(this.dir.resolve("evil.xml"), """
				<?xml version="1.0"?>
				<!DOCTYPE coverage [<!ENTITY x SYSTEM "%s">]>
				<coverage><packages><package><classes>
				<class filename="&x;.py"><lines><line number="1" hits="1"/></lines></class>
				</classes></package></packages></coverage>
				""".formatted(secret.toUri()));

		assertThatIOException().isThrownBy(() -> CoverageReports.parse(junit)).withMessageContaining("<testsuite>");
		assertThatIOException().isThrownBy(() -> CoverageReports.parse(entity));
	}

	@Test
	void percentIsRoundedDownSoThatAlmostNeverPasses() {
		assertThat(Coverage.of("lcov", 7999, 10000).percent()).isEqualByComparingTo(new BigDecimal("79.99"));
		assertThat(Coverage.of("lcov", 0, 0).percent()).isEqualByComparingTo("100");
		assertThat(Coverage.notMeasured("no tool").percent()).isNull();
	}

	private Path fixture(String name) throws IOException {
		Path file = this.dir.resolve("fixture-" + name);
		try (InputStream in = CoverageReportsUnitTests.class.getResourceAsStream("/quality/coverage/" + name)) {
			Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		}
		return file;
	}

}
