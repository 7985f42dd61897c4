package io.quantapilot.ops;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.quantapilot.ops.cli.RootCommand;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code quantapilot db migrate} (the Compose file's one-shot db-migrate) against a plain PostgreSQL
 * server: it applies every migration into the server's history table, does nothing the second time, and
 * refuses bad usage and unreachable databases with the documented exit codes.
 */
class DbMigrateCommandTests {

	private static EmbeddedPostgres postgres;

	@BeforeAll
	static void startPostgres() throws IOException {
		postgres = EmbeddedPostgres.builder().setRegisterShutdownHook(true).start();
	}

	@AfterAll
	static void stopPostgres() throws IOException {
		postgres.close();
	}

	record Run(int exit, String out, String err) {
	}

	private static Run run(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exit = RootCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
		return new Run(exit, out.toString(), err.toString());
	}

	@Test
	void appliesEveryMigrationOnceIntoTheServersHistoryTable() throws IOException {
		String url = postgres.getJdbcUrl("postgres", "postgres");
		Run first = run("db", "migrate", "--url", url, "--user", "postgres", "--wait", "5s");
		assertThat(first.exit()).as(first.err()).isZero();
		List<String> versions;
		try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
			versions = files.map(f -> f.getFileName().toString().replaceAll("^V(\\d+)__.*", "$1")).sorted().toList();
		}
		String latest = versions.stream().max(java.util.Comparator.comparingInt(Integer::parseInt)).orElseThrow();
		assertThat(first.out()).contains("Applied " + versions.size() + " migration(s); the schema is at version " + latest);

		JdbcClient jdbc = JdbcClient.create(postgres.getPostgresDatabase());
		assertThat(jdbc.sql("SELECT version FROM qp_schema_history WHERE success AND version IS NOT NULL")
			.query(String.class)
			.list()).containsExactlyInAnyOrderElementsOf(versions);
		assertThat(jdbc.sql("SELECT count(*) FROM information_schema.tables WHERE table_name IN ('projects', "
				+ "'project_ratings', 'user_sessions')").query(Long.class).single()).isEqualTo(3);

		Run second = run("db", "migrate", "--url", url, "--user", "postgres");
		assertThat(second.exit()).as(second.err()).isZero();
		assertThat(second.out()).contains("The schema is current (version " + latest + "); nothing to apply.");
	}

	@Test
	void badUsageAndAnUnreachableDatabaseAreReportedWithTheirExitCodes() throws IOException {
		Run noUrl = run("db", "migrate", "--url", "");
		assertThat(noUrl.exit()).isEqualTo(2);
		assertThat(noUrl.err()).contains("no database: give --url or set QP_DATABASE_URL");
		Run mysql = run("db", "migrate", "--url", "jdbc:mysql://localhost/db");
		assertThat(mysql.exit()).isEqualTo(2);
		assertThat(mysql.err()).contains("--url must be a jdbc:postgresql:// URL");
		Run badWait = run("db", "migrate", "--url", "jdbc:postgresql://localhost/db", "--wait", "soon");
		assertThat(badWait.exit()).isEqualTo(2);

		int closed;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		long started = System.nanoTime();
		Run unreachable = run("db", "migrate", "--url", "jdbc:postgresql://127.0.0.1:" + closed + "/quantapilot",
				"--wait", "2s");
		assertThat(unreachable.exit()).isEqualTo(1);
		assertThat(unreachable.err()).contains("quantapilot: the database does not answer");
		assertThat(System.nanoTime() - started).as("gave up after --wait").isLessThan(30_000_000_000L);

		Run unknownDatabase = run("db", "migrate", "--url",
				postgres.getJdbcUrl("postgres", "no_such_database"), "--user", "postgres", "--wait", "60s");
		assertThat(unknownDatabase.exit()).as("a missing database is not waited for").isEqualTo(1);
		assertThat(unknownDatabase.err()).contains("no_such_database");

		Run help = run("db", "migrate", "--help");
		assertThat(help.exit()).isZero();
		assertThat(help.out()).contains("QP_DATABASE_PASSWORD", "--wait");
	}

}
