package io.quantapilot.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * Runs {@code quantapilot} as a separate operating-system process (the way a user starts it), so tests can
 * stop it with SIGTERM or SIGKILL and start it again on the same data directory.
 */
public final class QuantaPilotProcess {

	private final Process process;

	private final Path log;

	private QuantaPilotProcess(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	/** Starts {@code quantapilot <args>} with the test classpath; output goes to {@code log}. */
	public static QuantaPilotProcess start(Path log, Map<String, String> environment, String... args) {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.add("-Xmx512m");
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add("io.quantapilot.ops.cli.Main");
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		builder.environment().putAll(environment);
		try {
			Process process = builder.start();
			// A failing test must not leave servers (and their PostgreSQL) running after the test JVM ends.
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
			}));
			return new QuantaPilotProcess(process, log);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Starts a server and waits until {@code /health} answers. */
	public static QuantaPilotProcess server(Path dataDir, int port, String adminKey) {
		return server(dataDir, port, adminKey, Map.of());
	}

	/** Starts a server with extra environment (settings such as {@code QUANTAPILOT_FORGE_PROVIDER}). */
	public static QuantaPilotProcess server(Path dataDir, int port, String adminKey, Map<String, String> settings) {
		return server(dataDir, port, adminKey, settings, dataDir.resolveSibling(dataDir.getFileName() + "-server.log"));
	}

	/**
	 * Starts {@code quantapilot server --roles <roles>} (a split deployment; {@code settings} must name the
	 * external database and the public URL) and waits until its {@code /health} answers. Its console output
	 * goes to {@code <roles>-<port>.log} beside the data directory.
	 */
	public static QuantaPilotProcess roles(String roles, Path dataDir, int port, String adminKey,
			Map<String, String> settings) {
		QuantaPilotProcess server = startRoles(roles, dataDir, port, adminKey, settings);
		server.awaitHealthy(port);
		return server;
	}

	private static QuantaPilotProcess server(Path dataDir, int port, String adminKey, Map<String, String> settings,
			Path output) {
		Map<String, String> environment = new java.util.HashMap<>(settings);
		environment.put("QP_ADMIN_API_KEY", adminKey);
		environment.putIfAbsent("QP_LOGS_DIR", dataDir.resolveSibling("logs").toString());
		QuantaPilotProcess server = start(output, environment, "server", "--port", Integer.toString(port),
				"--data-dir", dataDir.toString());
		server.awaitHealthy(port);
		return server;
	}

	/** Waits until {@code /health} on the port answers 200; fails at once when the process exits. */
	public void awaitHealthy(int port) {
		QuantaPilotProcess server = this;
		Api api = new Api("http://localhost:" + port, null);
		Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(300)).until(() -> {
			if (!server.process.isAlive()) {
				throw new AssertionError("server exited with " + server.process.exitValue() + ":\n" + server.output());
			}
			try {
				return api.get("/health").status() == 200;
			}
			catch (IllegalStateException ex) {
				return false;
			}
		});
	}

	/** Like {@link #roles} but returns at once; call {@link #awaitHealthy} before using it. */
	public static QuantaPilotProcess startRoles(String roles, Path dataDir, int port, String adminKey,
			Map<String, String> settings) {
		Map<String, String> environment = new java.util.HashMap<>(settings);
		environment.put("QP_ADMIN_API_KEY", adminKey);
		environment.putIfAbsent("QP_LOGS_DIR", dataDir.resolveSibling("logs").toString());
		return start(dataDir.resolveSibling(roles.replace(',', '-') + "-" + port + ".log"), environment, "server",
				"--roles", roles, "--port", Integer.toString(port), "--data-dir", dataDir.toString());
	}

	/** The operating-system process id. */
	public long pid() {
		return process.pid();
	}

	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** SIGTERM, then wait for the graceful shutdown. */
	public int terminate() {
		process.destroy();
		return waitFor(Duration.ofSeconds(60));
	}

	/** SIGKILL: no shutdown hook runs. */
	public void kill() {
		process.destroyForcibly();
		waitFor(Duration.ofSeconds(30));
	}

	public int waitFor(Duration timeout) {
		try {
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new AssertionError("quantapilot did not exit within " + timeout + ":\n" + output());
			}
			return process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public boolean isAlive() {
		return process.isAlive();
	}

	public String output() {
		try {
			return Files.exists(log) ? Files.readString(log) : "";
		}
		catch (IOException ex) {
			return "(log unreadable: " + ex.getMessage() + ")";
		}
	}

}
