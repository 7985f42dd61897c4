package io.quantapilot.ops.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quantapilot.ops.database.DatabaseEndpoint;

/**
 * Runs the PostgreSQL client tools ({@code pg_dump}, {@code psql}) of the operating system (Debian's
 * {@code postgresql-client}) or of {@code QP_PG_BIN}. A plain SQL dump is the logical format every
 * PostgreSQL of the same or a newer major version reads back, and pg_dump takes it in one snapshot while the
 * server keeps working.
 */
final class PostgresTools {

	private final Map<String, String> environment;

	PostgresTools(Map<String, String> environment) {
		this.environment = environment;
	}

	String version(String tool) {
		return run(List.of(executable(tool), "--version"), Map.of(), Path.of(".")).strip();
	}

	void dump(DatabaseEndpoint endpoint, Path file) {
		List<String> command = new ArrayList<>(List.of(executable("pg_dump"), "--format=plain", "--no-owner",
				"--no-privileges", "--encoding=UTF8", "--file=" + file));
		command.addAll(endpoint.toolArguments());
		run(command, endpoint.toolEnvironment(), file.getParent());
	}

	/**
	 * Replaces the schema {@code public} by the dump's in one transaction: a dump that does not load leaves
	 * the database as it was.
	 */
	void load(DatabaseEndpoint endpoint, Path file) {
		List<String> command = new ArrayList<>(List.of(executable("psql"), "--quiet", "--no-psqlrc",
				"--set=ON_ERROR_STOP=1", "--single-transaction", "--command=DROP SCHEMA IF EXISTS public CASCADE",
				"--command=CREATE SCHEMA public", "--file=" + file));
		command.addAll(endpoint.toolArguments());
		run(command, endpoint.toolEnvironment(), file.getParent());
	}

	/** Runs one SQL statement and returns its unaligned output. */
	String query(DatabaseEndpoint endpoint, String sql, Path workDir) {
		List<String> command = new ArrayList<>(List.of(executable("psql"), "--quiet", "--no-psqlrc", "--no-align",
				"--tuples-only", "--set=ON_ERROR_STOP=1", "--command=" + sql));
		command.addAll(endpoint.toolArguments());
		return run(command, endpoint.toolEnvironment(), workDir).strip();
	}

	private String executable(String tool) {
		String bin = environment.getOrDefault("QP_PG_BIN", "");
		if (!bin.isBlank()) {
			Path candidate = Path.of(bin, tool);
			if (!Files.isExecutable(candidate)) {
				throw new BackupException("QP_PG_BIN=" + bin + " has no executable " + tool);
			}
			return candidate.toString();
		}
		for (String dir : environment.getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
			if (!dir.isBlank() && Files.isExecutable(Path.of(dir, tool))) {
				return Path.of(dir, tool).toString();
			}
		}
		throw new BackupException(tool + " not found: install the PostgreSQL client tools "
				+ "(apt-get install postgresql-client) or set QP_PG_BIN to their directory");
	}

	private static String run(List<String> command, Map<String, String> env, Path workDir) {
		try {
			Path stderr = Files.createTempFile("qp-pg", ".err");
			try {
				ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
					.redirectError(stderr.toFile());
				builder.environment().putAll(env);
				Process process = builder.start();
				process.getOutputStream().close();
				String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				if (!process.waitFor(2, TimeUnit.HOURS)) {
					process.destroyForcibly();
					throw new BackupException(Path.of(command.get(0)).getFileName() + " did not finish in 2 hours");
				}
				if (process.exitValue() != 0) {
					String error = Files.readString(stderr, StandardCharsets.UTF_8).strip();
					throw new BackupException(Path.of(command.get(0)).getFileName() + " failed (exit "
							+ process.exitValue() + "): " + tail(error));
				}
				return output;
			}
			finally {
				Files.deleteIfExists(stderr);
			}
		}
		catch (IOException ex) {
			throw new BackupException("cannot run " + command.get(0) + ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BackupException("interrupted");
		}
	}

	private static String tail(String text) {
		return text.length() <= 2000 ? text : "…" + text.substring(text.length() - 2000);
	}

}
