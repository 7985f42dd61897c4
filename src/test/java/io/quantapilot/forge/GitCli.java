package io.quantapilot.forge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real git command line in tests, isolated from the user's configuration, to check that
 * what JGit wrote is what git itself reads.
 */
public final class GitCli {

	private final Path home;

	/**
	 * Creates a runner whose git sees an empty home directory (no user or system config).
	 * @param home directory used as {@code HOME}
	 */
	public GitCli(Path home) {
		this.home = home;
		try {
			Files.createDirectories(home);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Runs git and fails unless it exits with 0.
	 * @param workDir working directory
	 * @param args git arguments
	 * @return standard output, trimmed
	 */
	public String run(Path workDir, String... args) {
		Result result = tryRun(workDir, args);
		if (result.exitCode() != 0) {
			throw new AssertionError("git " + String.join(" ", args) + " failed (" + result.exitCode() + "): "
					+ result.stderr());
		}
		return result.stdout().strip();
	}

	/**
	 * Runs git and reports how it went.
	 * @param workDir working directory
	 * @param args git arguments
	 * @return exit code and output
	 */
	public Result tryRun(Path workDir, String... args) {
		List<String> command = new ArrayList<>();
		command.add("git");
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
		Map<String, String> env = builder.environment();
		env.put("HOME", this.home.toString());
		env.put("XDG_CONFIG_HOME", this.home.resolve(".config").toString());
		env.put("GIT_CONFIG_NOSYSTEM", "1");
		env.put("GIT_TERMINAL_PROMPT", "0");
		env.put("GIT_AUTHOR_NAME", "Test");
		env.put("GIT_AUTHOR_EMAIL", "test@example.com");
		env.put("GIT_COMMITTER_NAME", "Test");
		env.put("GIT_COMMITTER_EMAIL", "test@example.com");
		try {
			Path out = Files.createTempFile(this.home, "git-out", ".txt");
			Path err = Files.createTempFile(this.home, "git-err", ".txt");
			builder.redirectOutput(out.toFile()).redirectError(err.toFile());
			Process process = builder.start();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new AssertionError("git " + String.join(" ", args) + " timed out");
			}
			return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
					Files.readString(err, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted", ex);
		}
	}

	/**
	 * Outcome of a git run.
	 *
	 * @param exitCode process exit code
	 * @param stdout standard output
	 * @param stderr standard error
	 */
	public record Result(int exitCode, String stdout, String stderr) {
	}

}
