package io.quantapilot.ops.database;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the command line's offline tools (backup, restore) reach the database without a Spring context: the
 * external server of {@code QP_DATABASE_URL}, the embedded server a running {@code quantapilot server} owns
 * (its port is in PostgreSQL's own {@code postmaster.pid}), or the embedded server started here when no
 * server runs on the data directory (it then holds the data directory's lock, so no server can start
 * while a restore rewrites the database).
 */
public final class DatabaseEndpoint implements AutoCloseable {

	private final String host;

	private final int port;

	private final String database;

	private final String user;

	private final String password;

	private final String mode;

	private final EmbeddedPostgresServer owned;

	private DatabaseEndpoint(String host, int port, String database, String user, String password, String mode,
			EmbeddedPostgresServer owned) {
		this.host = host;
		this.port = port;
		this.database = database;
		this.user = user;
		this.password = password;
		this.mode = mode;
		this.owned = owned;
	}

	/**
	 * The database to back up. Reads a running server's embedded database in place; starts the embedded
	 * server only when nobody runs on the data directory, and never creates a new one.
	 */
	public static DatabaseEndpoint forBackup(Path dataDir, Map<String, String> environment) throws IOException {
		DatabaseEndpoint external = external(environment);
		if (external != null) {
			return external;
		}
		Path pgData = dataDir.resolve("postgres");
		if (!Files.isRegularFile(pgData.resolve("PG_VERSION"))) {
			throw new IllegalStateException("no embedded database under " + pgData.toAbsolutePath()
					+ " (wrong --data-dir? for an external database set QP_DATABASE_URL)");
		}
		if (inUse(dataDir)) {
			int port = runningPort(pgData);
			return new DatabaseEndpoint("localhost", port, "postgres", "postgres", null, "embedded (server running)",
					null);
		}
		return embedded(dataDir);
	}

	/**
	 * The database to restore into. The embedded one is started here, which takes the data directory's lock:
	 * a running server makes this fail with {@link EmbeddedPostgresServer.DataDirectoryInUseException}.
	 */
	public static DatabaseEndpoint forRestore(Path dataDir, Map<String, String> environment) throws IOException {
		DatabaseEndpoint external = external(environment);
		if (external != null) {
			return external;
		}
		if (inUse(dataDir)) {
			throw new IllegalStateException("the data directory " + dataDir.toAbsolutePath()
					+ " is in use by a running QuantaPilot server: stop it first (restore rewrites its database)");
		}
		return embedded(dataDir);
	}

	private static DatabaseEndpoint embedded(Path dataDir) throws IOException {
		EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, 0);
		URI uri = URI.create(server.jdbcUrl().substring("jdbc:".length()));
		return new DatabaseEndpoint("localhost", uri.getPort(), "postgres", "postgres", null, "embedded", server);
	}

	private static DatabaseEndpoint external(Map<String, String> environment) {
		String url = environment.getOrDefault("QP_DATABASE_URL", "");
		if (url.isBlank()) {
			return null;
		}
		if (!url.startsWith("jdbc:postgresql://")) {
			throw new IllegalArgumentException("QP_DATABASE_URL must look like jdbc:postgresql://host:5432/database");
		}
		URI uri = URI.create(url.substring("jdbc:".length()));
		String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
		if (uri.getHost() == null || path.isBlank()) {
			throw new IllegalArgumentException("QP_DATABASE_URL needs a host and a database name: " + uri.getHost());
		}
		String user = environment.getOrDefault("QP_DATABASE_USER", "");
		return new DatabaseEndpoint(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432, path,
				user.isBlank() ? "quantapilot" : user, environment.get("QP_DATABASE_PASSWORD"), "external", null);
	}

	/** Whether a process holds the data directory's lock (a running server), probed without keeping it. */
	static boolean inUse(Path dataDir) throws IOException {
		Path lockFile = dataDir.resolve(".quantapilot.lock");
		if (!Files.exists(lockFile)) {
			return false;
		}
		try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
			FileLock lock = channel.tryLock();
			if (lock == null) {
				return true;
			}
			lock.release();
			return false;
		}
		catch (OverlappingFileLockException ex) {
			return true;
		}
	}

	/** The 4th line of {@code postmaster.pid} is the port the running PostgreSQL listens on. */
	private static int runningPort(Path pgData) throws IOException {
		Path pid = pgData.resolve("postmaster.pid");
		List<String> lines = Files.isRegularFile(pid) ? Files.readAllLines(pid) : List.of();
		if (lines.size() < 4) {
			throw new IllegalStateException("the server on this data directory is still starting its database; "
					+ "try again in a moment");
		}
		return Integer.parseInt(lines.get(3).strip());
	}

	/** Connection arguments for {@code pg_dump} and {@code psql}. */
	public List<String> toolArguments() {
		return new ArrayList<>(List.of("--host", host, "--port", Integer.toString(port), "--username", user,
				"--dbname", database, "--no-password"));
	}

	/** Environment for the PostgreSQL tools: the password travels here, never on the command line. */
	public Map<String, String> toolEnvironment() {
		Map<String, String> env = new HashMap<>();
		if (password != null && !password.isBlank()) {
			env.put("PGPASSWORD", password);
		}
		env.put("PGCONNECT_TIMEOUT", "10");
		return env;
	}

	public String jdbcUrl() {
		return "jdbc:postgresql://" + host + ":" + port + "/" + database;
	}

	public String user() {
		return user;
	}

	public String password() {
		return password;
	}

	/** {@code embedded}, {@code embedded (server running)} or {@code external}. */
	public String mode() {
		return mode;
	}

	public boolean external() {
		return "external".equals(mode);
	}

	/** Stops the embedded server if this endpoint started it. */
	@Override
	public void close() throws IOException {
		if (owned != null) {
			owned.close();
		}
	}

}
