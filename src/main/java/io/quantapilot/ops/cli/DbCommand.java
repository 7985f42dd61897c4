package io.quantapilot.ops.cli;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.Callable;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code quantapilot db migrate}: applies the schema migrations to an external PostgreSQL and exits (the
 * Compose file's one-shot {@code db-migrate}, and the runbook's update step). The servers migrate on start
 * too; running this first means a split deployment's processes all start on a current schema.
 */
@Command(name = "db", mixinStandardHelpOptions = true, description = "The database schema.",
		subcommands = { DbCommand.Migrate.class })
final class DbCommand implements Runnable {

	/** As {@code spring.flyway} in application.yml: the same migrations and history table as the server. */
	static final String LOCATIONS = "classpath:db/migration";

	static final String HISTORY_TABLE = "qp_schema_history";

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		spec.commandLine().usage(spec.commandLine().getOut());
	}

	@Command(name = "migrate", mixinStandardHelpOptions = true,
			description = { "Apply QuantaPilot's schema migrations to the external PostgreSQL, then exit.",
					"The password is read from $QP_DATABASE_PASSWORD only (never an argument). Exit codes: 0 the "
							+ "schema is current, 1 the database could not be reached or a migration failed, 2 bad usage." })
	static final class Migrate implements Callable<Integer> {

		@Spec
		CommandSpec spec;

		@Option(names = "--url", defaultValue = "${env:QP_DATABASE_URL}",
				description = "JDBC URL, jdbc:postgresql://host:5432/db (default: $QP_DATABASE_URL).")
		String url;

		@Option(names = "--user", defaultValue = "${env:QP_DATABASE_USER:-quantapilot}",
				description = "Database user (default: $QP_DATABASE_USER, else ${DEFAULT-VALUE}).")
		String user;

		@Option(names = "--wait", defaultValue = "60s", converter = DurationConverter.class,
				description = "How long to wait for the database to accept connections, e.g. 30s, 2m (default: ${DEFAULT-VALUE}).")
		Duration wait;

		@Override
		public Integer call() {
			PrintWriter out = spec.commandLine().getOut();
			if (url == null || url.isBlank()) {
				throw new picocli.CommandLine.ParameterException(spec.commandLine(),
						"no database: give --url or set QP_DATABASE_URL (the embedded database migrates when the server starts)");
			}
			if (!url.startsWith("jdbc:postgresql://")) {
				throw new picocli.CommandLine.ParameterException(spec.commandLine(),
						"--url must be a jdbc:postgresql:// URL");
			}
			String password = System.getenv("QP_DATABASE_PASSWORD");
			awaitDatabase(password);
			try {
				MigrateResult result = Flyway.configure()
					.dataSource(url, user, password)
					.locations(LOCATIONS)
					.table(HISTORY_TABLE)
					.load()
					.migrate();
				String version = result.targetSchemaVersion != null ? result.targetSchemaVersion
						: result.initialSchemaVersion;
				if (result.migrationsExecuted == 0) {
					out.println("The schema is current (version " + version + "); nothing to apply.");
				}
				else {
					out.println("Applied " + result.migrationsExecuted + " migration(s); the schema is at version "
							+ version + ".");
				}
				return 0;
			}
			catch (FlywayException ex) {
				// Flyway's messages name the failing script and statement, never the credentials.
				throw new CliException("migration failed: " + firstLine(ex.getMessage()));
			}
		}

		/** Waits until the database accepts a connection (Compose may start us while PostgreSQL starts). */
		private void awaitDatabase(String password) {
			Instant deadline = Instant.now().plus(wait);
			Properties properties = new Properties();
			properties.setProperty("user", user);
			if (password != null) {
				properties.setProperty("password", password);
			}
			properties.setProperty("connectTimeout", "5");
			while (true) {
				try (Connection connection = DriverManager.getConnection(url, properties)) {
					return;
				}
				catch (SQLException ex) {
					// Wrong credentials (28…) or a missing database (3D…) do not get better by waiting.
					String state = ex.getSQLState() != null ? ex.getSQLState() : "";
					if (state.startsWith("28") || state.startsWith("3D") || Instant.now().isAfter(deadline)) {
						throw new CliException("the database does not answer (" + firstLine(ex.getMessage()) + ")");
					}
					try {
						Thread.sleep(1000);
					}
					catch (InterruptedException interrupted) {
						Thread.currentThread().interrupt();
						throw new CliException("interrupted while waiting for the database");
					}
				}
			}
		}

		private static String firstLine(String message) {
			if (message == null) {
				return "no details";
			}
			String line = message.strip().lines().findFirst().orElse("");
			return line.length() > 300 ? line.substring(0, 300) + "…" : line;
		}

	}

	/** Accepts 30s, 2m, 1h or an ISO-8601 duration. */
	static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {

		@Override
		public Duration convert(String value) {
			String text = value.strip().toLowerCase(java.util.Locale.ROOT);
			if (text.matches("\\d+(ms|s|m|h)")) {
				long amount = Long.parseLong(text.replaceAll("\\D", ""));
				return switch (text.replaceAll("\\d", "")) {
					case "ms" -> Duration.ofMillis(amount);
					case "s" -> Duration.ofSeconds(amount);
					case "m" -> Duration.ofMinutes(amount);
					default -> Duration.ofHours(amount);
				};
			}
			return Duration.parse(value.strip().toUpperCase(java.util.Locale.ROOT));
		}

	}

}
