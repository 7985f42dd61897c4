package io.quantapilot.ops.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

import io.quantapilot.ops.backup.BackupException;
import io.quantapilot.ops.backup.Backups;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quantapilot backup create|restore}: one archive with everything needed to rebuild an installation. */
@Command(name = "backup", mixinStandardHelpOptions = true,
		description = { "Back up and restore QuantaPilot: database dump, workflow definitions, configuration, "
				+ "master key, local forge repositories, with a manifest of SHA-256 checksums.",
				"Database: the embedded one under --data-dir, or QP_DATABASE_URL / QP_DATABASE_USER / "
						+ "QP_DATABASE_PASSWORD. Needs pg_dump and psql (postgresql-client) or QP_PG_BIN." },
		subcommands = { BackupCommand.Create.class, BackupCommand.Restore.class })
final class BackupCommand implements Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		spec.commandLine().usage(spec.commandLine().getOut());
	}

	static Path dataDir(Path option) {
		if (option != null) {
			return option;
		}
		String env = System.getenv("QP_DATA_DIR");
		return Path.of(env == null || env.isBlank() ? "data" : env);
	}

	static Backups backups(PrintWriter out) {
		return new Backups(System.getenv(), Path.of("").toAbsolutePath(), out);
	}

	@Command(name = "create", mixinStandardHelpOptions = true,
			description = { "Write a backup archive (zip, mode 0600). Works while the server runs.",
					"The archive holds the master key and configuration secrets: store it like a password." })
	static final class Create implements Callable<Integer> {

		@CommandLine.Spec
		CommandLine.Model.CommandSpec spec;

		@Option(names = { "-o", "--output" },
				description = "Archive to write (default: ./backups/quantapilot-backup-<UTC time>.zip).")
		Path output;

		@Option(names = "--data-dir", description = "Data directory (default: ./data, or QP_DATA_DIR).")
		Path dataDir;

		@Override
		public Integer call() {
			PrintWriter out = spec.commandLine().getOut();
			Path target = output != null ? output : Path.of("backups").resolve(Backups.defaultName(Instant.now()));
			try {
				backups(out).create(dataDir(dataDir), target, new VersionProvider().getVersion()[0]);
				return 0;
			}
			catch (BackupException | IllegalStateException | IllegalArgumentException ex) {
				throw new CliException("backup failed: " + ex.getMessage());
			}
			catch (IOException ex) {
				throw new CliException("backup failed: " + ex);
			}
		}

	}

	@Command(name = "restore", mixinStandardHelpOptions = true,
			description = { "Restore a backup archive. Every checksum is verified first; a damaged archive is "
					+ "refused and nothing is changed.",
					"Stop the server first (all roles): restore refuses a data directory in use and a database "
							+ "other sessions are connected to. The next server start resumes the waiting workflows." })
	static final class Restore implements Callable<Integer> {

		@CommandLine.Spec
		CommandLine.Model.CommandSpec spec;

		@Parameters(index = "0", paramLabel = "ARCHIVE", description = "The backup archive (.zip).")
		Path archive;

		@Option(names = "--data-dir", description = "Data directory (default: ./data, or QP_DATA_DIR).")
		Path dataDir;

		@Option(names = { "-y", "--yes" }, description = "Replace a database that holds data without asking.")
		boolean yes;

		@Option(names = "--database-only",
				description = "Restore only the database (not repositories, master key or configuration).")
		boolean databaseOnly;

		@Override
		public Integer call() {
			PrintWriter out = spec.commandLine().getOut();
			try {
				backups(out).restore(archive, dataDir(dataDir), yes, databaseOnly);
				out.println("Restore complete.");
				return 0;
			}
			catch (BackupException | IllegalStateException | IllegalArgumentException ex) {
				throw new CliException("restore failed: " + ex.getMessage());
			}
			catch (IOException ex) {
				throw new CliException("restore failed: " + ex);
			}
		}

	}

}
