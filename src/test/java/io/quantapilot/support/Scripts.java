package io.quantapilot.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the runbook's scripts under {@code scripts/} as processes, the way an operator does. {@code QUANTAPILOT}
 * points them at a launcher that runs the CLI from the test classpath (so no jar has to be built).
 */
public final class Scripts {

	private static Path launcher;

	private Scripts() {
	}

	/** What a script did. */
	public record Result(int exit, String out, String err) {

		public String all() {
			return out + err;
		}

	}

	/** The script in this repository's {@code scripts/} folder. */
	public static Path script(String name) {
		Path path = Path.of("scripts", name).toAbsolutePath();
		if (!Files.isExecutable(path)) {
			throw new AssertionError(path + " is missing or not executable");
		}
		return path;
	}

	/** A launcher that runs {@code quantapilot} from the test classpath. */
	public static synchronized Path launcher() {
		if (launcher == null) {
			try {
				Path dir = Files.createTempDirectory("qp-launcher-");
				Path file = dir.resolve("quantapilot");
				String java = ProcessHandle.current().info().command().orElse("java");
				Files.writeString(file, "#!/usr/bin/env bash\nexec '" + java
						+ "' -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '" + System.getProperty("java.class.path")
						+ "' io.quantapilot.ops.cli.Main \"$@\"\n");
				Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
				launcher = file;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return launcher;
	}

	/** Runs a script with {@code QUANTAPILOT} set to the test launcher, plus the given environment. */
	public static Result run(Path script, Path workingDirectory, Map<String, String> environment, String... args) {
		List<String> command = new ArrayList<>();
		command.add(script.toString());
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
		// An operator's shell would not carry the test JVM's QuantaPilot settings; start from a clean slate.
		builder.environment().keySet().removeIf(k -> k.startsWith("QP_") || k.startsWith("QUANTAPILOT"));
		builder.environment().put("QUANTAPILOT", launcher().toString());
		builder.environment().putAll(environment);
		try {
			Path out = Files.createTempFile("qp-script-", ".out");
			Path err = Files.createTempFile("qp-script-", ".err");
			Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
			if (!process.waitFor(Duration.ofMinutes(3).toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new AssertionError(script + " did not finish within 3 minutes");
			}
			Result result = new Result(process.exitValue(), Files.readString(out), Files.readString(err));
			Files.deleteIfExists(out);
			Files.deleteIfExists(err);
			return result;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
