package io.quantapilot.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs commands inside bubblewrap. Skipped where bubblewrap is missing or not permitted, since
 * the runner then falls back to {@link NoSandbox} by design.
 */
class BubblewrapSandboxIntegrationTests {

	private static final Limits LIMITS = Limits.defaults().withTimeout(Duration.ofMinutes(1));

	@TempDir
	Path project;

	@TempDir
	Path elsewhere;

	private BubblewrapSandbox sandbox;

	@BeforeEach
	void requireBubblewrap() {
		this.sandbox = BubblewrapSandbox.find().orElse(null);
		// .ci/run and the README install bubblewrap; without it these tests fail rather than hide.
		org.assertj.core.api.Assertions.assertThat(this.sandbox)
			.as("bubblewrap installed and permitted (apt-get install bubblewrap)")
			.isNotNull();
	}

	@Test
	void detectPicksBubblewrapWhenItWorks() {
		assertThat(Sandbox.detect().name()).isEqualTo("bubblewrap");
		assertThat(Sandbox.detect(false).name()).isEqualTo("bubblewrap (no network)");
	}

	@Test
	void pythonProjectPassesInsideTheSandbox() throws IOException {
		SampleProjects.greenPython(this.project);
		TestCommand command = new TestCommandDetector().detect(this.project).orElseThrow();

		TestRun run = new TestRunner(this.sandbox).run(this.project, command, LIMITS);

		assertThat(run.sandbox()).isEqualTo("bubblewrap");
		assertThat(run.passed()).as(run.output()).isTrue();
		assertThat(run.summary().total()).isEqualTo(1);
		assertThat(run.summary().passed()).isEqualTo(1);
		if (command.argv().contains("pytest")) {
			// The per-run report directory lives under /tmp, which the sandbox replaces: the report
			// only arrives if the directory is bound back in.
			assertThat(run.summary().source()).isEqualTo("junit-xml");
		}
	}

	@Test
	void onlyTheProjectIsWritable() throws IOException {
		Path outsideTmp = this.elsewhere.resolve("escaped.txt");
		Path outsideBuild = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "sandbox-").resolve("escaped.txt");
		String script = "echo inside > inside.txt; "
				+ "echo out > '" + outsideTmp + "' || echo TMP-DENIED; "
				+ "echo out > '" + outsideBuild + "' || echo BUILD-DENIED";

		TestRun run = new TestRunner(this.sandbox).run(this.project,
				new TestCommand(List.of("sh", "-c", script), "custom", List.of()), LIMITS);

		assertThat(Files.readString(this.project.resolve("inside.txt"))).isEqualTo("inside\n");
		assertThat(outsideTmp).doesNotExist();
		assertThat(outsideBuild).doesNotExist();
		assertThat(run.output()).contains("TMP-DENIED", "BUILD-DENIED", "Read-only file system");
	}

	@Test
	void networkPolicyDecidesWhetherLoopbackServicesAreReachable() throws IOException {
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			String connect = "import socket; socket.create_connection(('127.0.0.1', %d), timeout=5); print('CONNECTED')"
				.formatted(server.getLocalPort());
			TestCommand command = new TestCommand(List.of("python3", "-c", connect), "custom", List.of());

			TestRun shared = new TestRunner(this.sandbox).run(this.project, command, LIMITS);
			TestRun isolated = new TestRunner(this.sandbox.withNetwork(false)).run(this.project, command, LIMITS);

			assertThat(shared.output()).contains("CONNECTED");
			assertThat(isolated.exitCode()).isNotZero();
			assertThat(isolated.output()).doesNotContain("CONNECTED").contains("ConnectionRefusedError");
		}
	}

}
