package io.quantapilot.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the runbook's scripts under {@code scripts/} as an operator does: a separate bash process whose
 * {@code QUANTAPILOT} launcher runs the command line on the test classpath (the launcher the scripts find by
 * default, {@code ./quantapilot}, would build the jar first).
 */
public final class RunbookScripts {

	public static final Path DIR = Path.of("scripts").toAbsolutePath();

	private final Path launcher;

	private final Path workDir;

	private RunbookScripts(Path launcher, Path workDir) {
		this.launcher = launcher;
		this.workDir = workDir;
	}

	/** Writes a launcher into {@code dir}; scripts run with {@code dir} as their working directory. */
	public static RunbookScripts in(Path dir) {
		Path launcher = dir.resolve("quantapilot-launcher");
		String java = ProcessHandle.current().info().command().orElse("java");
		String script = "#!/bin/sh\nexec '" + java + "' -Xmx384m -XX:TieredStopAtLevel=1 -cp '"
				+ System.getProperty("java.class.path") + "' io.quantapilot.ops.cli.Main \"$@\"\n";
		try {
			Files.writeString(launcher, script, StandardCharsets.UTF_8);
			Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return new RunbookScripts(launcher, dir);
	}

	public record Result(int exit, String out, String err) {

		public String all() {
			return out + err;
		}

	}

	public Result run(String script, Map<String, String> environment, String... args) {
		List<String> command = new ArrayList<>(List.of("bash", DIR.resolve(script).toString()));
		command.addAll(List.of(args));
		return execute(command, environment);
	}

	/** Runs the launcher itself, for commands without a script of their own. */
	public Result runLauncher(Map<String, String> environment, String... args) {
		List<String> command = new ArrayList<>(List.of(launcher.toString()));
		command.addAll(List.of(args));
		return execute(command, environment);
	}

	private Result execute(List<String> command, Map<String, String> environment) {
		String script = command.get(command.size() > 1 ? 1 : 0);
		ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
		builder.environment().put("QUANTAPILOT", launcher.toString());
		builder.environment().remove("QP_URL");
		builder.environment().remove("QP_API_KEY");
		builder.environment().remove("QP_DATA_DIR");
		builder.environment().remove("QP_DATABASE_URL");
		builder.environment().putAll(environment);
		try {
			Path out = Files.createTempFile(workDir, "script", ".out");
			Path err = Files.createTempFile(workDir, "script", ".err");
			Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
			process.getOutputStream().close();
			if (!process.waitFor(10, TimeUnit.MINUTES)) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
				throw new AssertionError(script + " did not finish within 10 minutes");
			}
			Result result = new Result(process.exitValue(), Files.readString(out), Files.readString(err));
			Files.delete(out);
			Files.delete(err);
			return result;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
