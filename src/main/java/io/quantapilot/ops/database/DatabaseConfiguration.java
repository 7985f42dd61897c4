package io.quantapilot.ops.database;

import java.io.IOException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.quantapilot.common.PlatformSettings;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one DataSource of the application: the external server named by {@code QP_DATABASE_URL}, or the
 * embedded one under the data directory.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	@Bean(destroyMethod = "close")
	EmbeddedDatabase embeddedDatabase(DatabaseSettings settings, PlatformSettings platform) throws IOException {
		if (settings.external()) {
			return new EmbeddedDatabase(null);
		}
		return new EmbeddedDatabase(EmbeddedPostgresServer.start(platform.dataDir(), settings.embeddedPort()));
	}

	/** Taken before Flyway migrates (see {@link SchemaBootstrapLock}). */
	@Bean
	SchemaBootstrapLock schemaBootstrapLock(DatabaseSettings settings) throws java.sql.SQLException {
		return settings.external() ? SchemaBootstrapLock.acquire(settings) : SchemaBootstrapLock.none();
	}

	@Bean
	static BeanFactoryPostProcessor flywayAfterSchemaBootstrapLock() {
		return beanFactory -> {
			if (!beanFactory.containsBeanDefinition("flywayInitializer")) {
				return;
			}
			BeanDefinition definition = beanFactory.getBeanDefinition("flywayInitializer");
			String[] dependsOn = definition.getDependsOn();
			String[] merged = dependsOn == null ? new String[] { "schemaBootstrapLock" }
					: java.util.Arrays.copyOf(dependsOn, dependsOn.length + 1);
			merged[merged.length - 1] = "schemaBootstrapLock";
			definition.setDependsOn(merged);
		};
	}

	@Bean(destroyMethod = "close")
	HikariDataSource dataSource(DatabaseSettings settings, EmbeddedDatabase embedded) {
		HikariConfig config = new HikariConfig();
		if (settings.external()) {
			config.setJdbcUrl(settings.url());
			config.setUsername(settings.user());
			config.setPassword(settings.password());
		}
		else {
			config.setJdbcUrl(embedded.server().jdbcUrl());
			config.setUsername("postgres");
		}
		config.setPoolName("quantapilot");
		config.setMaximumPoolSize(20);
		return new HikariDataSource(config);
	}

	/** Holds the embedded server (if any) so it is closed after the pool. */
	record EmbeddedDatabase(EmbeddedPostgresServer server) implements AutoCloseable {

		boolean present() {
			return server != null;
		}

		DataSource admin() {
			return server.postgresDataSource();
		}

		@Override
		public void close() throws IOException {
			if (server != null) {
				server.close();
			}
		}

	}

}
