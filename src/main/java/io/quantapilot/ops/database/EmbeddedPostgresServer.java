package io.quantapilot.ops.database;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL of standalone mode, under {@code <data-dir>/postgres}. Durable: zonky's
 * defaults ({@code fsync=off}, {@code synchronous_commit=off}) are made for tests, so both are switched
 * back on. One process owns a data directory: a lock file refuses a second server.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	private final FileChannel lockChannel;

	private final FileLock lock;

	private final EmbeddedPostgres postgres;

	private EmbeddedPostgresServer(FileChannel lockChannel, FileLock lock, EmbeddedPostgres postgres) {
		this.lockChannel = lockChannel;
		this.lock = lock;
		this.postgres = postgres;
	}

	static EmbeddedPostgresServer start(Path dataDir, int port) throws IOException {
		Files.createDirectories(dataDir);
		Path lockFile = dataDir.resolve(".quantapilot.lock");
		FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
		FileLock lock;
		try {
			lock = channel.tryLock();
		}
		catch (OverlappingFileLockException ex) {
			lock = null;
		}
		if (lock == null) {
			channel.close();
			throw new DataDirectoryInUseException(dataDir);
		}
		try {
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
				.setDataDirectory(dataDir.resolve("postgres"))
				.setCleanDataDirectory(false)
				.setServerConfig("fsync", "on")
				.setServerConfig("synchronous_commit", "on")
				.setServerConfig("full_page_writes", "on")
				.setServerConfig("max_connections", "100");
			if (port > 0) {
				builder.setPort(port);
			}
			EmbeddedPostgres postgres = builder.start();
			log.info("Embedded PostgreSQL started on port {} with data in {}", postgres.getPort(),
					dataDir.resolve("postgres"));
			return new EmbeddedPostgresServer(channel, lock, postgres);
		}
		catch (IOException | RuntimeException ex) {
			lock.release();
			channel.close();
			throw ex;
		}
	}

	String jdbcUrl() {
		return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
	}

	DataSource postgresDataSource() {
		return postgres.getPostgresDatabase();
	}

	@Override
	public void close() throws IOException {
		try {
			postgres.close();
		}
		finally {
			lock.release();
			lockChannel.close();
		}
	}

	/** Another process already runs on this data directory. */
	static final class DataDirectoryInUseException extends IllegalStateException {

		DataDirectoryInUseException(Path dataDir) {
			super("The data directory " + dataDir.toAbsolutePath()
					+ " is in use by another QuantaPilot process; stop it first or choose another --data-dir");
		}

	}

}
