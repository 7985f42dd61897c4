package io.quantapilot.ops.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Split processes started together on one external database would otherwise migrate it, create the
 * engine's tables and deploy the process at the same time. A PostgreSQL advisory lock, taken on a
 * connection of its own before Flyway runs and released once every bean (the process engine included)
 * exists, lets one process at a time do that; the others then find the work done. Closing the connection
 * releases the lock even if the process dies on the way.
 */
final class SchemaBootstrapLock implements SmartInitializingSingleton, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(SchemaBootstrapLock.class);

	/** Any constant shared by all QuantaPilot processes ("QPSCHEMA" in ASCII). */
	private static final long KEY = 0x5150534348454D41L;

	private volatile Connection connection;

	private SchemaBootstrapLock(Connection connection) {
		this.connection = connection;
	}

	/** The embedded database belongs to one process (its data-directory lock): nothing to serialise. */
	static SchemaBootstrapLock none() {
		return new SchemaBootstrapLock(null);
	}

	static SchemaBootstrapLock acquire(DatabaseSettings settings) throws SQLException {
		Connection connection = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
		try (Statement statement = connection.createStatement()) {
			long started = System.nanoTime();
			statement.execute("SELECT pg_advisory_lock(" + KEY + ")");
			long waited = (System.nanoTime() - started) / 1_000_000;
			if (waited > 1000) {
				log.info("Waited {} ms for another QuantaPilot process to finish preparing the database", waited);
			}
		}
		catch (SQLException ex) {
			connection.close();
			throw ex;
		}
		return new SchemaBootstrapLock(connection);
	}

	@Override
	public void afterSingletonsInstantiated() {
		release();
	}

	@Override
	public void destroy() {
		release();
	}

	private void release() {
		Connection held = connection;
		connection = null;
		if (held == null) {
			return;
		}
		try {
			// Ending the session releases its advisory locks.
			held.close();
		}
		catch (SQLException ex) {
			log.warn("Closing the schema bootstrap lock's connection failed: {}", ex.getMessage());
		}
	}

}
