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
			stopOrphanedPostmaster(dataDir.resolve("postgres"));
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
				// Spring closes the server after everything that uses it; a JVM hook would race with that.
				.setRegisterShutdownHook(false)
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

	/**
	 * A QuantaPilot process killed with SIGKILL leaves its PostgreSQL running. We hold the data directory's
	 * lock, so no live QuantaPilot owns it: stop that orphan before starting our own server.
	 */
	private static void stopOrphanedPostmaster(Path pgData) throws IOException {
		Path pidFile = pgData.resolve("postmaster.pid");
		if (!Files.isRegularFile(pidFile)) {
			return;
		}
		String firstLine = Files.readAllLines(pidFile).stream().findFirst().orElse("").strip();
		long pid;
		try {
			pid = Long.parseLong(firstLine);
		}
		catch (NumberFormatException ex) {
			return;
		}
		java.util.Optional<ProcessHandle> handle = ProcessHandle.of(pid)
			.filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
		if (handle.isEmpty()) {
			return;
		}
		log.warn("Stopping PostgreSQL (pid {}) left running by a QuantaPilot process that was killed", pid);
		ProcessHandle postmaster = handle.get();
		postmaster.destroy();
		try {
			postmaster.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
		}
		catch (java.util.concurrent.TimeoutException ex) {
			postmaster.destroyForcibly();
			postmaster.onExit().join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while stopping an orphaned PostgreSQL", ex);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new IOException("could not stop the orphaned PostgreSQL " + pid, ex);
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
