package io.quantapilot.ops.database;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the database is.
 *
 * @param url JDBC URL of an external PostgreSQL; empty means the embedded server under the data directory
 * @param user user name for the external server
 * @param password password for the external server
 * @param embeddedPort fixed port for the embedded server; 0 picks a free one
 */
@ConfigurationProperties("quantapilot.database")
public record DatabaseSettings(String url, String user, String password, int embeddedPort) {

	boolean external() {
		return url != null && !url.isBlank();
	}

}
