package io.quantapilot.ops.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * What {@code config validate} checks: that every settings record binds (types, durations, enumerations, the
 * records' own rules), that no {@code quantapilot.*} setting is unknown, that URLs are URLs, and that the
 * agent providers and the forge in use have what they need.
 */
final class ConfigChecks {

	static final List<String> ROLES = List.of("all", "api", "agents", "forge", "notifications", "dashboard", "engine");

	static final List<String> PROVIDERS = List.of("offline", "openai", "cursor-cli", "cursor-cloud", "command");

	private ConfigChecks() {
	}

	static List<Finding> run(LocalConfiguration config) {
		List<Finding> findings = new ArrayList<>();
		for (LocalConfiguration.BindingError e : config.bindAll()) {
			findings.add(Finding.error("binding", e.prefix(), e.message()));
		}
		for (LocalConfiguration.UnknownSetting u : config.unknownSettings()) {
			String message = "no such setting (from " + u.source() + ")"
					+ (u.suggestion() != null ? "; did you mean " + u.suggestion() + "?" : "");
			// An env file or environment may hold variables meant for Compose or other tools, not for the server.
			boolean variable = u.source().equals("env file") || u.source().equals("environment");
			findings.add(variable ? Finding.warning("unknown-setting", u.name(), message)
					: Finding.error("unknown-setting", u.name(), message));
		}
		url(config, findings, "quantapilot.public-url", true);
		url(config, findings, "quantapilot.agents.openai.base-url", false);
		url(config, findings, "quantapilot.agents.cursor-cloud.base-url", false);
		url(config, findings, "quantapilot.forge.github.api-url", false);
		url(config, findings, "quantapilot.forge.github.web-url", false);
		url(config, findings, "quantapilot.notifications.telegram.base-url", false);
		config.get("quantapilot.database.url").ifPresent(db -> {
			if (!db.startsWith("jdbc:postgresql://")) {
				findings.add(Finding.error("database", "quantapilot.database.url (QP_DATABASE_URL)",
						"must be a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/name)"));
			}
		});
		config.get("server.port").ifPresent(port -> {
			try {
				int p = Integer.parseInt(port);
				if (p < 0 || p > 65535) {
					throw new NumberFormatException();
				}
			}
			catch (NumberFormatException ex) {
				findings.add(Finding.error("server", "server.port (QP_PORT)", "must be a port number, not '" + port + "'"));
			}
		});
		for (String role : config.get("quantapilot.roles", "").split(",")) {
			String r = role.strip().toLowerCase(Locale.ROOT);
			if (!r.isEmpty() && !ROLES.contains(r)) {
				findings.add(Finding.error("roles", "quantapilot.roles", "unknown role '" + r + "' (one of " + ROLES + ")"));
			}
		}
		providers(config, findings);
		forge(config, findings);
		telegram(config, findings);
		dataDir(config, findings);
		return findings;
	}

	private static void url(LocalConfiguration config, List<Finding> findings, String key, boolean publicUrl) {
		config.get(key).ifPresent(value -> {
			try {
				URI uri = new URI(value);
				if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
						|| uri.getHost() == null) {
					findings.add(Finding.error("url", key, "must be an absolute http(s) URL, not '" + value + "'"));
				}
				else if (publicUrl && (uri.getQuery() != null || uri.getFragment() != null)) {
					findings.add(Finding.error("url", key, "must not have a query or fragment"));
				}
			}
			catch (java.net.URISyntaxException ex) {
				findings.add(Finding.error("url", key, "is not a URL: " + ex.getReason()));
			}
		});
	}

	private static void providers(LocalConfiguration config, List<Finding> findings) {
		Set<String> used = new LinkedHashSet<>();
		used.add(config.get("quantapilot.agents.default-provider", "offline"));
		try {
			Binder.get(configEnvironment(config))
				.bind("quantapilot.agents.roles", Bindable.mapOf(String.class, Map.class))
				.ifBound(roles -> roles.values().forEach(r -> {
					Object provider = ((Map<?, ?>) r).get("provider");
					if (provider != null && !provider.toString().isBlank()) {
						used.add(provider.toString().strip());
					}
				}));
		}
		catch (RuntimeException ex) {
			// a binding error of the roles is reported by the agents settings already
		}
		for (String provider : used) {
			if (!PROVIDERS.contains(provider)) {
				findings.add(Finding.error("provider", "quantapilot.agents.default-provider / roles.*.provider",
						"unknown provider '" + provider + "' (one of " + PROVIDERS + ")"));
				continue;
			}
			switch (provider) {
				case "openai" -> {
					boolean hosted = config.get("quantapilot.agents.openai.base-url", "https://api.openai.com/v1")
						.contains("api.openai.com");
					if (hosted && config.get("quantapilot.agents.openai.api-key").isEmpty()) {
						findings.add(Finding.error("provider", "quantapilot.agents.openai.api-key (OPENAI_API_KEY)",
								"the openai provider is in use against api.openai.com but has no API key"));
					}
				}
				case "cursor-cloud" -> {
					if (config.get("quantapilot.agents.cursor-cloud.api-key").isEmpty()) {
						findings.add(Finding.error("provider", "quantapilot.agents.cursor-cloud.api-key (CURSOR_API_KEY)",
								"the cursor-cloud provider is in use but has no API key"));
					}
				}
				case "command" -> {
					if (config.get("quantapilot.agents.command.preset").isEmpty()) {
						findings.add(Finding.error("provider", "quantapilot.agents.command.preset",
								"the command provider is in use but no preset is set (claude-code, codex, aider, gemini or custom)"));
					}
				}
				case "cursor-cli" -> {
					String command = config.get("quantapilot.agents.cursor-cli.command").orElse(null);
					if (command == null ? !onPath("agent") && !onPath("cursor-agent") : !onPath(command)) {
						findings.add(Finding.warning("provider", "quantapilot.agents.cursor-cli.command",
								"the cursor-cli provider is in use but its CLI (" + (command != null ? command : "agent")
										+ ") is not found here (fine if only another machine runs the agents role)"));
					}
				}
				default -> {
				}
			}
		}
	}

	private static org.springframework.core.env.Environment configEnvironment(LocalConfiguration config) {
		return config.environment();
	}

	private static void forge(LocalConfiguration config, List<Finding> findings) {
		if ("github".equals(config.get("quantapilot.forge.provider", "local"))
				&& config.get("quantapilot.forge.github.token").isEmpty()) {
			findings.add(Finding.error("forge", "quantapilot.forge.github.token (QUANTAPILOT_FORGE_GITHUB_TOKEN)",
					"the default forge is github but no token is set"));
		}
	}

	private static void telegram(LocalConfiguration config, List<Finding> findings) {
		if (config.get("quantapilot.notifications.telegram.bot-token").isEmpty()) {
			return;
		}
		if ("webhook".equalsIgnoreCase(config.get("quantapilot.notifications.telegram.mode", "polling"))) {
			if (config.get("quantapilot.notifications.telegram.webhook-secret").isEmpty()) {
				findings.add(Finding.error("telegram", "quantapilot.notifications.telegram.webhook-secret (QP_TELEGRAM_WEBHOOK_SECRET)",
						"webhook mode needs a secret, or every pushed update is refused"));
			}
			if (!config.get("quantapilot.public-url", "").startsWith("https://")) {
				findings.add(Finding.error("telegram", "quantapilot.public-url (QP_PUBLIC_URL)",
						"webhook mode needs an https public URL Telegram can reach"));
			}
		}
	}

	private static void dataDir(LocalConfiguration config, List<Finding> findings) {
		Path dir = Path.of(config.get("quantapilot.data-dir", "./data"));
		Path existing = dir.toAbsolutePath();
		while (existing != null && !Files.exists(existing)) {
			existing = existing.getParent();
		}
		if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
			findings.add(Finding.error("files", "quantapilot.data-dir (QP_DATA_DIR)",
					dir + " cannot be created or written by this user"));
		}
	}

	static boolean onPath(String command) {
		if (command.contains("/")) {
			return Files.isExecutable(Path.of(command));
		}
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String dir : path.split(java.io.File.pathSeparator)) {
			if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
				return true;
			}
		}
		return false;
	}

}
