package io.quantapilot.ops;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quantapilot.ops.cli.RootCommand;
import io.quantapilot.support.Examples;
import io.quantapilot.support.Git;
import io.quantapilot.support.QuantaPilotProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code quantapilot run <README> --auto-approve} on each shipped example, as a separate process like a new
 * user runs it: it must complete, and the resulting repository must clone and pass its own tests.
 */
class CommandLineIntegrationTests {

	@TempDir
	Path tmp;

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "notes-cli-python, python3 -m unittest discover -s tests -t .", "bookmarks-api-node, npm test",
			"todo-api-java, mvn -B -q test" })
	void runBuildsTheExampleIntoARepositoryThatPassesItsOwnTests(String example, String testCommand)
			throws Exception {
		Path data = tmp.resolve("data");
		QuantaPilotProcess run = QuantaPilotProcess.start(tmp.resolve("run.log"), Map.of("QP_LOGS_DIR",
				tmp.resolve("logs").toString()), "run", Examples.path(example).toString(), "--auto-approve",
				"--data-dir", data.toString());
		int exit = run.waitFor(Duration.ofMinutes(6));
		String output = run.output();
		assertThat(exit).as(output).isZero();
		assertThat(output).contains("Plan approved (--auto-approve)")
			.containsPattern("stage 1 of \\d: ")
			.contains(": completed after")
			.contains("Usage: ")
			.contains("tests passed");
		String repository = output.lines()
			.filter(l -> l.startsWith("Repository: "))
			.findFirst()
			.orElseThrow()
			.substring("Repository: ".length())
			.replace("(git clone it)", "")
			.strip();
		Path clone = tmp.resolve("clone");
		Git.run(tmp, "clone", "-q", repository, clone.toString());
		assertThat(Git.lines(clone, "tag")).containsExactly("v1.0.0");
		Process test = new ProcessBuilder(List.of(testCommand.split(" "))).directory(clone.toFile())
			.redirectErrorStream(true)
			.start();
		String testOutput = new String(test.getInputStream().readAllBytes());
		assertThat(test.waitFor(5, TimeUnit.MINUTES)).isTrue();
		assertThat(test.exitValue()).as(testOutput).isZero();
	}

	@Test
	void runRefusesAMissingReadme() {
		StringWriter err = new StringWriter();
		int exit = RootCommand.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "run",
				tmp.resolve("nothing-here").toString());
		assertThat(exit).isEqualTo(1);
		assertThat(err.toString()).contains("no README found at");
	}

	@Test
	void helpListsTheCommands() {
		StringWriter out = new StringWriter();
		int exit = RootCommand.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter()), "--help");
		assertThat(exit).isZero();
		assertThat(out.toString()).contains("server", "run", "projects", "decisions");
	}

	@Test
	void clientCommandsExplainAMissingKeyOrServer() {
		StringWriter err = new StringWriter();
		int exit = RootCommand.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "projects",
				"list", "--api-key", "", "--url", "http://localhost:1");
		assertThat(exit).isEqualTo(1);
		assertThat(err.toString()).contains("API key");
		StringWriter err2 = new StringWriter();
		RootCommand.execute(new PrintWriter(new StringWriter()), new PrintWriter(err2, true), "projects", "list",
				"--api-key", "qp_some_key_000000000000000000", "--url", "http://localhost:1");
		assertThat(err2.toString()).contains("cannot reach http://localhost:1");
		assertThat(Files.exists(tmp)).isTrue();
	}

}
