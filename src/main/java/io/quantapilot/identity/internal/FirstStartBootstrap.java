package io.quantapilot.identity.internal;

import java.io.PrintStream;

import io.quantapilot.identity.ApiKeyService;
import io.quantapilot.identity.IdentitySettings;
import io.quantapilot.identity.UserRole;
import io.quantapilot.identity.UserService;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On the first start of a data directory, creates the {@code admin} user and an admin API key and prints
 * both once to the console (never to the log files). {@code QP_ADMIN_API_KEY} replaces the random key.
 * Split processes starting together on an empty database take turns (an advisory lock), so exactly one of
 * them creates the admin and prints the credentials. It runs once every bean is ready (the schema migrated)
 * but before the web server starts, so the first request after {@code /health} answers already finds the key.
 */
@Component
class FirstStartBootstrap implements SmartInitializingSingleton {

	private final UserService users;

	private final ApiKeyService keys;

	private final IdentitySettings settings;

	/** Any constant shared by all QuantaPilot processes ("QPADMIN1" in ASCII). */
	private static final long BOOTSTRAP_LOCK = 0x515041444D494E31L;

	private final TransactionTemplate tx;

	private final JdbcClient jdbc;

	FirstStartBootstrap(UserService users, ApiKeyService keys, IdentitySettings settings, TransactionTemplate tx,
			JdbcClient jdbc) {
		this.jdbc = jdbc;
		this.users = users;
		this.keys = keys;
		this.settings = settings;
		this.tx = tx;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (users.count() > 0) {
			return;
		}
		String password = randomPassword();
		ApiKeyService.CreatedKey key = tx.execute(status -> {
			jdbc.sql("SELECT 1 FROM (SELECT pg_advisory_xact_lock(" + BOOTSTRAP_LOCK + ")) l").query(Integer.class).single();
			if (users.count() > 0) {
				return null;
			}
			var id = users.create("admin", password, UserRole.ADMIN, "system");
			String given = settings.adminApiKey();
			return given != null && !given.isBlank() ? keys.createWithSecret("admin (first start)", id, given, "system")
					: keys.create("admin (first start)", id, null, "system");
		});
		if (key == null) {
			return;
		}
		PrintStream out = System.out;
		out.println();
		out.println("=== QuantaPilot first start: save these now, they are not shown again ===");
		out.println("  dashboard user:  admin");
		out.println("  password:        " + password);
		if (settings.adminApiKey() == null || settings.adminApiKey().isBlank()) {
			out.println("  admin API key:   " + key.secret());
		}
		else {
			out.println("  admin API key:   (the one given in QP_ADMIN_API_KEY)");
		}
		out.println("=========================================================================");
		out.println();
	}

	private static String randomPassword() {
		byte[] bytes = new byte[18];
		new java.security.SecureRandom().nextBytes(bytes);
		return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
