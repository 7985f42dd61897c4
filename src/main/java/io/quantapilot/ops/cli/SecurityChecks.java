package io.quantapilot.ops.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@code security validate} checks in the configuration a server would use (and an env file): missing,
 * weak or placeholder secrets, default database passwords, the master key file's permissions, anonymous
 * clones of the local forge, mail without TLS, a public URL without TLS, agents without a sandbox. Values
 * are never printed, only the settings' names.
 */
final class SecurityChecks {

	private static final Set<String> DEFAULT_PASSWORDS = Set.of("postgres", "quantapilot", "password", "admin",
			"changeme", "change-me", "secret", "root", "123456", "test");

	private SecurityChecks() {
	}

	static List<Finding> run(LocalConfiguration config, Path envFile) {
		List<Finding> f = new ArrayList<>();
		masterKey(config, f);
		config.get("quantapilot.identity.admin-api-key").ifPresent(key -> {
			if (weak(key, 24)) {
				f.add(Finding.error("admin-api-key", "quantapilot.identity.admin-api-key (QP_ADMIN_API_KEY)",
						"weak or placeholder value: use 24+ random characters (quantapilot secrets generate)"));
			}
		});
		boolean github = "github".equals(config.get("quantapilot.forge.provider", "local"))
				|| config.get("quantapilot.forge.github.token").isPresent();
		secret(config, f, "quantapilot.forge.github.webhook-secret", "QUANTAPILOT_FORGE_GITHUB_WEBHOOKSECRET", 20,
				github, "GitHub webhooks are refused without it (checks are then only polled)");
		boolean telegram = config.get("quantapilot.notifications.telegram.bot-token").isPresent();
		boolean telegramWebhook = telegram
				&& "webhook".equalsIgnoreCase(config.get("quantapilot.notifications.telegram.mode", "polling"));
		secret(config, f, "quantapilot.notifications.telegram.webhook-secret", "QP_TELEGRAM_WEBHOOK_SECRET", 20,
				telegramWebhook, "webhook mode refuses every update without it");
		config.get("quantapilot.agents.cursor-cloud.webhook-secret").ifPresent(s -> {
			if (weak(s, 32)) {
				f.add(Finding.error("weak-secret", "quantapilot.agents.cursor-cloud.webhook-secret",
						"weak or placeholder value: Cursor needs 32+ characters"));
			}
		});
		database(config, f);
		if (Boolean.parseBoolean(config.get("quantapilot.forge.anonymous-read", "false"))) {
			f.add(Finding.warning("anonymous-read", "quantapilot.forge.anonymous-read",
					"anyone who reaches the server can clone every project's repository without an API key"));
		}
		mail(config, f);
		publicUrl(config, f);
		if ("none".equalsIgnoreCase(config.get("quantapilot.quality.sandbox", "auto"))) {
			f.add(Finding.warning("sandbox", "quantapilot.quality.sandbox",
					"generated code and agent commands run without the bubblewrap sandbox, with this user's rights"));
		}
		config.get("quantapilot.identity.rate-limit-per-minute").ifPresent(limit -> {
			try {
				if (Integer.parseInt(limit) > 10_000) {
					f.add(Finding.warning("rate-limit", "quantapilot.identity.rate-limit-per-minute",
							"above 10000 requests per minute per key the limit hardly protects anything"));
				}
			}
			catch (NumberFormatException ex) {
				// config validate reports it
			}
		});
		if (envFile != null) {
			envFile(config, envFile, f);
		}
		return f;
	}

	private static void masterKey(LocalConfiguration config, List<Finding> f) {
		var configured = config.get("quantapilot.master-key");
		if (configured.isPresent()) {
			String key = configured.get();
			boolean base64Key = false;
			try {
				base64Key = Base64.getDecoder().decode(key).length == 32;
			}
			catch (IllegalArgumentException notBase64) {
				// a passphrase
			}
			if (!base64Key && weak(key, 32)) {
				f.add(Finding.error("master-key", "quantapilot.master-key (QP_MASTER_KEY)",
						"weak or placeholder value: 32 random bytes in base64, or a passphrase of 32+ characters"));
			}
			return;
		}
		Path file = Path.of(config.get("quantapilot.data-dir", "./data")).resolve("secrets").resolve("master.key");
		if (!Files.exists(file)) {
			f.add(Finding.info("master-key", "QP_MASTER_KEY",
					"not set: a key file is generated at " + file + " on first start; back it up with the data, "
							+ "or stored secrets become unreadable"));
			return;
		}
		if (groupOrOthers(file, true)) {
			f.add(Finding.error("master-key", file.toString(),
					"the master key file is readable or writable by others: chmod 600 " + file));
		}
		if (groupOrOthers(file.getParent(), false)) {
			f.add(Finding.warning("master-key", file.getParent().toString(),
					"the secrets directory is open to others: chmod 700 " + file.getParent()));
		}
	}

	private static void secret(LocalConfiguration config, List<Finding> f, String key, String env, int min,
			boolean needed, String why) {
		var value = config.get(key);
		if (value.isEmpty()) {
			if (needed) {
				f.add(Finding.error("missing-secret", key + " (" + env + ")", "not set: " + why));
			}
			return;
		}
		if (weak(value.get(), min)) {
			f.add(Finding.error("weak-secret", key + " (" + env + ")",
					"weak or placeholder value: use " + min + "+ random characters (quantapilot secrets generate)"));
		}
	}

	private static void database(LocalConfiguration config, List<Finding> f) {
		var url = config.get("quantapilot.database.url");
		if (url.isEmpty()) {
			return;
		}
		var password = config.get("quantapilot.database.password");
		if (password.isEmpty()) {
			f.add(Finding.error("database", "quantapilot.database.password (QP_DATABASE_PASSWORD)",
					"an external database without a password"));
		}
		else if (DEFAULT_PASSWORDS.contains(password.get().toLowerCase(Locale.ROOT)) || weak(password.get(), 12)) {
			f.add(Finding.error("database", "quantapilot.database.password (QP_DATABASE_PASSWORD)",
					"a default or weak database password"));
		}
		String host = hostOf(url.get().replaceFirst("^jdbc:", ""));
		if (host != null && !local(host) && !url.get().contains("sslmode=require")
				&& !url.get().contains("sslmode=verify")) {
			f.add(Finding.warning("database", "quantapilot.database.url (QP_DATABASE_URL)",
					"the database on " + host + " is reached without sslmode=require or verify-full"));
		}
	}

	private static void mail(LocalConfiguration config, List<Finding> f) {
		var host = config.get("spring.mail.host");
		if (host.isEmpty()) {
			return;
		}
		boolean starttls = Boolean.parseBoolean(config.get("spring.mail.properties.mail.smtp.starttls.enable", "false"));
		boolean required = Boolean.parseBoolean(config.get("spring.mail.properties.mail.smtp.starttls.required", "false"));
		boolean ssl = Boolean.parseBoolean(config.get("spring.mail.properties.mail.smtp.ssl.enable", "false"))
				|| "smtps".equalsIgnoreCase(config.get("spring.mail.protocol", "smtp"))
				|| Boolean.parseBoolean(config.get("spring.mail.ssl.enabled", "false"));
		boolean password = config.get("spring.mail.password").isPresent();
		if (local(host.get())) {
			return;
		}
		if (!starttls && !ssl) {
			f.add(password ? Finding.error("smtp-tls", "spring.mail.host",
					"the SMTP password and every e-mail (with one-click decision links) travel in clear text: set "
							+ "spring.mail.properties.mail.smtp.starttls.enable=true (and .required=true) or use SMTPS")
					: Finding.warning("smtp-tls", "spring.mail.host",
							"e-mails with one-click decision links travel in clear text: enable STARTTLS or SMTPS"));
		}
		else if (starttls && !required && !ssl) {
			f.add(Finding.warning("smtp-tls", "spring.mail.properties.mail.smtp.starttls.required",
					"STARTTLS is optional, so a man in the middle can strip it: set it to true"));
		}
	}

	private static void publicUrl(LocalConfiguration config, List<Finding> f) {
		var url = config.get("quantapilot.public-url");
		if (url.isEmpty()) {
			f.add(Finding.info("public-url", "quantapilot.public-url (QP_PUBLIC_URL)",
					"not set: links in notifications point at the detected local address"));
			return;
		}
		String host = hostOf(url.get());
		if (url.get().startsWith("http://") && host != null && !local(host)) {
			f.add(Finding.warning("public-url", "quantapilot.public-url (QP_PUBLIC_URL)",
					"http, not https: sign-in cookies, API keys and decision links travel in clear text; "
							+ "put a TLS proxy in front"));
		}
	}

	private static void envFile(LocalConfiguration config, Path envFile, List<Finding> f) {
		if (EnvFile.readableByOthers(envFile)) {
			f.add(Finding.error("env-file", envFile.toString(),
					"holds secrets but is readable by group or others: chmod 600 " + envFile));
		}
		for (Map.Entry<String, String> e : config.envFile().entrySet()) {
			String name = e.getKey();
			String upper = name.toUpperCase(Locale.ROOT);
			boolean secretName = upper.endsWith("PASSWORD") || upper.endsWith("SECRET") || upper.endsWith("_KEY")
					|| upper.endsWith("TOKEN") || upper.endsWith("SECRET_TOKEN");
			String value = e.getValue();
			if (secretName && value != null && !value.isBlank() && EnvFile.isPlaceholder(value)) {
				boolean generated = SecretsCommand.secrets().stream().anyMatch(s -> s.name().equals(name));
				// Ours can be generated, so an example value there is an error; a third party's key may be unused.
				f.add(generated
						? Finding.error("placeholder", name + " (env file)",
								"still holds an example value: run quantapilot secrets generate --force, or set a real one")
						: Finding.warning("placeholder", name + " (env file)",
								"still holds an example value: set the real one, or leave it empty if unused"));
			}
		}
	}

	/** Too short, a placeholder, or too few different characters to be random. */
	static boolean weak(String value, int min) {
		return value.length() < min || EnvFile.isPlaceholder(value) || value.chars().distinct().count() < 8;
	}

	private static boolean groupOrOthers(Path path, boolean anyAccess) {
		try {
			Set<PosixFilePermission> p = Files.getPosixFilePermissions(path);
			return p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)
					|| p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)
					|| (!anyAccess && (p.contains(PosixFilePermission.GROUP_EXECUTE)
							|| p.contains(PosixFilePermission.OTHERS_EXECUTE)));
		}
		catch (IOException | UnsupportedOperationException ex) {
			return false;
		}
	}

	private static String hostOf(String url) {
		try {
			return new URI(url).getHost();
		}
		catch (java.net.URISyntaxException ex) {
			return null;
		}
	}

	private static boolean local(String host) {
		String h = host.toLowerCase(Locale.ROOT);
		return h.equals("localhost") || h.equals("127.0.0.1") || h.equals("::1") || h.equals("[::1]");
	}

}
