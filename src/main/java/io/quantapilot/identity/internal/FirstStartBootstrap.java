package io.quantapilot.identity.internal;

import java.io.PrintStream;

import io.quantapilot.identity.ApiKeyService;
import io.quantapilot.identity.IdentitySettings;
import io.quantapilot.identity.UserRole;
import io.quantapilot.identity.UserService;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On the first start of a data directory, creates the {@code admin} user and an admin API key and prints
 * both once to the console (never to the log files). {@code QP_ADMIN_API_KEY} replaces the random key.
 */
@Component
@Order(0)
class FirstStartBootstrap implements ApplicationRunner {

	private final UserService users;

	private final ApiKeyService keys;

	private final IdentitySettings settings;

	private final TransactionTemplate tx;

	FirstStartBootstrap(UserService users, ApiKeyService keys, IdentitySettings settings, TransactionTemplate tx) {
		this.users = users;
		this.keys = keys;
		this.settings = settings;
		this.tx = tx;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (users.count() > 0) {
			return;
		}
		String password = randomPassword();
		ApiKeyService.CreatedKey key = tx.execute(status -> {
			var id = users.create("admin", password, UserRole.ADMIN, "system");
			String given = settings.adminApiKey();
			return given != null && !given.isBlank() ? keys.createWithSecret("admin (first start)", id, given, "system")
					: keys.create("admin (first start)", id, null, "system");
		});
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
