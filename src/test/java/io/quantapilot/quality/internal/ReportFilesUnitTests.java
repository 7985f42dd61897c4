package io.quantapilot.quality.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFilesUnitTests {

	private static final List<String> SUREFIRE = List.of("target/surefire-reports/TEST-*.xml",
			"**/target/surefire-reports/TEST-*.xml");

	@TempDir
	Path project;

	@Test
	void findsReportsOfRootAndModulesWrittenSinceTheStart() throws IOException {
		Instant start = Instant.now().minusSeconds(5);
		Path root = write("target/surefire-reports/TEST-a.ATest.xml");
		Path module = write("core/target/surefire-reports/TEST-b.BTest.xml");
		write("core/target/surefire-reports/b.BTest.txt");
		Path stale = write("web/target/surefire-reports/TEST-c.CTest.xml");
		Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
		write("node_modules/pkg/target/surefire-reports/TEST-d.DTest.xml");

		assertThat(ReportFiles.find(this.project, SUREFIRE, start)).containsExactly(module, root);
	}

	@Test
	void noGlobsMeansNoWalk() throws IOException {
		write("target/surefire-reports/TEST-a.ATest.xml");

		assertThat(ReportFiles.find(this.project, List.of(), Instant.EPOCH)).isEmpty();
	}

	@Test
	void listsXmlFilesOfTheReportDirectory() throws IOException {
		Path xml = write("nested/pytest-junit.xml");
		write("notes.txt");

		assertThat(ReportFiles.xmlFilesIn(this.project)).containsExactly(xml);
	}

	private Path write(String relative) throws IOException {
		Path file = this.project.resolve(relative);
		Files.createDirectories(file.getParent());
		return Files.writeString(file, "<testsuite/>");
	}

}
