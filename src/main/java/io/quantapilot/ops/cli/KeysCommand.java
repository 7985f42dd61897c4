package io.quantapilot.ops.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;

/** {@code quantapilot keys list|create|rotate|revoke}: the server's API keys (and dashboard sessions). */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage API keys and dashboard sessions on a server (admin).",
		subcommands = { KeysCommand.ListKeys.class, KeysCommand.Create.class, KeysCommand.Rotate.class,
				KeysCommand.Revoke.class })
final class KeysCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		spec.commandLine().usage(spec.commandLine().getOut());
	}

	/** Active keys whose id or prefix is {@code reference}; a full id may also name a revoked key. */
	static List<JsonNode> resolve(ApiClient client, String reference) {
		JsonNode keys = client.get("/api/v1/auth/keys");
		List<JsonNode> found = new ArrayList<>();
		for (JsonNode k : keys.path("keys")) {
			if (k.path("key_id").asString().equalsIgnoreCase(reference)
					|| (reference.length() >= 4 && k.path("prefix").asString().startsWith(reference))) {
				found.add(k);
			}
		}
		return found;
	}

	static JsonNode single(ApiClient client, String reference) {
		List<JsonNode> found = resolve(client, reference);
		if (found.isEmpty()) {
			throw new CliException("no active key with id or prefix '" + reference + "' (keys list shows them)");
		}
		if (found.size() > 1) {
			throw new CliException("'" + reference + "' matches " + found.size() + " keys; give more of the prefix or the id");
		}
		return found.get(0);
	}

	@Command(name = "list", mixinStandardHelpOptions = true,
			description = { "List API keys (never their secrets).", "Exit codes: 0 listed, 1 failed, 2 usage error." })
	static final class ListKeys implements Callable<Integer> {

		@Mixin
		ServerOptions server;

		@Spec
		CommandSpec spec;

		@Option(names = "--all", description = "Also revoked and expired keys.")
		boolean all;

		@Override
		public Integer call() {
			JsonNode body = server.client().get("/api/v1/auth/keys" + (all ? "?all=true" : ""));
			PrintWriter out = spec.commandLine().getOut();
			if (server.json) {
				out.println(body.toPrettyString());
				return 0;
			}
			String format = "%-36s  %-12s  %-8s  %-14s  %-22s  %-20s  %s%n";
			out.printf(format, "ID", "PREFIX", "STATUS", "USER", "NAME", "EXPIRES", "LAST USED");
			for (JsonNode k : body.path("keys")) {
				out.printf(format, k.path("key_id").asString(), k.path("prefix").asString(), k.path("status").asString(),
						k.path("username").asString(), k.path("name").asString(), k.path("expires_at").asString("never"),
						k.path("last_used_at").asString("never"));
			}
			out.printf("%d key(s)%n", body.path("keys").size());
			return 0;
		}

	}

	@Command(name = "create", mixinStandardHelpOptions = true,
			description = { "Create an API key. Its secret is printed once and never again.",
					"Exit codes: 0 created, 1 failed, 2 usage error." })
	static final class Create implements Callable<Integer> {

		@Mixin
		ServerOptions server;

		@Spec
		CommandSpec spec;

		@Option(names = "--name", required = true, description = "What the key is for (e.g. ci, grafana).")
		String name;

		@Option(names = "--user", description = "Whose key it is (default: the caller).")
		String user;

		@Option(names = "--expires-in-days", description = "Lifetime in days, 1–3650 (default: the server's key-lifetime).")
		Integer days;

		@Override
		public Integer call() {
			Map<String, Object> request = new LinkedHashMap<>();
			request.put("name", name);
			if (user != null) {
				request.put("username", user);
			}
			if (days != null) {
				request.put("expires_in_days", days);
			}
			JsonNode key = server.client().post("/api/v1/auth/keys", request);
			PrintWriter out = spec.commandLine().getOut();
			if (server.json) {
				out.println(key.toPrettyString());
				return 0;
			}
			out.printf("Created key %s (%s) for %s, expires %s%n", key.path("key_id").asString(),
					key.path("prefix").asString(), key.path("username").asString(), key.path("expires_at").asString("never"));
			out.println("Secret (shown once, store it now):");
			out.println(key.path("secret").asString());
			return 0;
		}

	}

	@Command(name = "rotate", mixinStandardHelpOptions = true,
			description = { "Replace keys by new ones (same name and user). The old key is revoked at once, or keeps "
					+ "working for --grace. New secrets are printed once. Your own key (QP_API_KEY) is rotated last; "
					+ "with --env-file its new secret is written there as QP_API_KEY.",
					"Exit codes: 0 all rotated, 1 one failed (the rest are reported), 2 usage error." })
	static final class Rotate implements Callable<Integer> {

		@Mixin
		ServerOptions server;

		@Spec
		CommandSpec spec;

		@Parameters(paramLabel = "KEY", arity = "0..*", description = "Key ids or prefixes.")
		List<String> references = new ArrayList<>();

		@Option(names = "--all", description = "Rotate every active key.")
		boolean all;

		@Option(names = "--grace", defaultValue = "0",
				description = "How long old keys keep working: 0, 30m, 24h, 7d (at most 30d; default: ${DEFAULT-VALUE}).")
		String grace;

		@Option(names = "--expires-in-days", description = "Lifetime of the new keys (default: the old key's).")
		Integer days;

		@Option(names = "--env-file", paramLabel = "FILE",
				description = "When your own key is rotated, write its new secret into this file as QP_API_KEY (mode 0600).")
		Path envFile;

		@Override
		public Integer call() {
			if (all == !references.isEmpty()) {
				throw new ParameterException(spec.commandLine(), "give key ids or prefixes, or --all (not both)");
			}
			ApiClient client = server.client();
			List<JsonNode> targets = new ArrayList<>();
			if (all) {
				client.get("/api/v1/auth/keys").path("keys").forEach(targets::add);
			}
			else {
				for (String reference : references) {
					targets.add(single(client, reference));
				}
			}
			String own = client.keyPrefix();
			// Rotating the caller's key first would end its access before the others are done.
			targets.sort((a, b) -> Boolean.compare(own.equals(a.path("prefix").asString()),
					own.equals(b.path("prefix").asString())));
			Map<String, Object> request = new LinkedHashMap<>();
			request.put("grace_period", grace);
			if (days != null) {
				request.put("expires_in_days", days);
			}
			PrintWriter out = spec.commandLine().getOut();
			PrintWriter err = spec.commandLine().getErr();
			int failures = 0;
			List<JsonNode> rotated = new ArrayList<>();
			for (JsonNode key : targets) {
				try {
					JsonNode created = client.post("/api/v1/auth/keys/" + key.path("key_id").asString() + "/rotate", request);
					rotated.add(created);
					boolean mine = own.equals(key.path("prefix").asString());
					if (server.json) {
						continue;
					}
					out.printf("%s %s (%s) → %s, old key valid until %s%n", key.path("prefix").asString(),
							key.path("name").asString(), key.path("username").asString(), created.path("prefix").asString(),
							created.path("old_key_valid_until").asString());
					if (mine && envFile != null) {
						EnvFile file = EnvFile.read(envFile);
						file.set("QP_API_KEY", created.path("secret").asString());
						file.write();
						out.printf("  your own key: new secret written to %s as QP_API_KEY%n", envFile);
					}
					else {
						out.printf("  new secret (shown once): %s%n", created.path("secret").asString());
						if (mine) {
							out.println("  this was your own key: set QP_API_KEY to the new secret");
						}
					}
				}
				catch (CliException ex) {
					failures++;
					err.printf("quantapilot: rotating %s failed: %s%n", key.path("prefix").asString(), ex.getMessage());
				}
			}
			if (server.json) {
				out.println(client.json().writerWithDefaultPrettyPrinter().writeValueAsString(Map.of("rotated", rotated)));
			}
			else {
				out.printf("%d key(s) rotated%s%n", rotated.size(), failures > 0 ? ", " + failures + " failed" : "");
			}
			return failures > 0 ? 1 : 0;
		}

	}

	@Command(name = "revoke", mixinStandardHelpOptions = true,
			description = { "Revoke API keys by id or prefix; with --user also every active key and dashboard session "
					+ "of that user; with --all-sessions end every dashboard session (keys stay). Revoking is "
					+ "immediate and idempotent.",
					"Exit codes: 0 done, 1 a key was not found or the server refused, 2 usage error." })
	static final class Revoke implements Callable<Integer> {

		@Mixin
		ServerOptions server;

		@Spec
		CommandSpec spec;

		@Parameters(paramLabel = "KEY", arity = "0..*", description = "Key ids or prefixes.")
		List<String> references = new ArrayList<>();

		@Option(names = "--user", description = "Revoke all of this user's keys and end their dashboard sessions.")
		String user;

		@Option(names = "--all-sessions", description = "End every dashboard session of every user.")
		boolean allSessions;

		@Override
		public Integer call() {
			if (references.isEmpty() && user == null && !allSessions) {
				throw new ParameterException(spec.commandLine(), "give key ids or prefixes, --user or --all-sessions");
			}
			ApiClient client = server.client();
			PrintWriter out = spec.commandLine().getOut();
			List<JsonNode> targets = new ArrayList<>();
			List<JsonNode> everyKey = new ArrayList<>();
			if (!references.isEmpty()) {
				client.get("/api/v1/auth/keys?all=true").path("keys").forEach(everyKey::add);
			}
			for (String reference : references) {
				List<JsonNode> matching = everyKey.stream()
					.filter(k -> k.path("key_id").asString().equalsIgnoreCase(reference)
							|| (reference.length() >= 4 && k.path("prefix").asString().startsWith(reference)))
					.toList();
				List<JsonNode> active = matching.stream().filter(k -> "active".equals(k.path("status").asString())).toList();
				if (matching.isEmpty()) {
					throw new CliException("no key with id or prefix '" + reference + "' (keys list --all shows them)");
				}
				if (active.size() > 1) {
					throw new CliException("'" + reference + "' matches " + active.size()
							+ " active keys; give more of the prefix or the id");
				}
				if (active.isEmpty()) {
					// Revoking twice is not an error: the key is already what the caller wants.
					if (!server.json) {
						out.printf("already %s: %s %s%n", matching.get(0).path("status").asString(),
								matching.get(0).path("prefix").asString(), matching.get(0).path("name").asString(""));
					}
					continue;
				}
				targets.add(active.get(0));
			}
			if (user != null) {
				for (JsonNode k : client.get("/api/v1/auth/keys").path("keys")) {
					if (user.equals(k.path("username").asString())) {
						targets.add(k);
					}
				}
			}
			String own = client.keyPrefix();
			targets.sort((a, b) -> Boolean.compare(own.equals(a.path("prefix").asString()),
					own.equals(b.path("prefix").asString())));
			List<Map<String, Object>> done = new ArrayList<>();
			Map<String, Object> sessions = null;
			// Sessions first: once the caller's own key is revoked nothing more can be asked.
			if (user != null || allSessions) {
				JsonNode ended = client.post("/api/v1/auth/sessions/revoke",
						allSessions ? Map.of("all", true) : Map.of("username", user));
				sessions = Map.of("scope", ended.path("scope").asString(), "revoked", ended.path("revoked").asLong());
				if (!server.json) {
					out.printf("ended %d dashboard session(s) of %s%n", ended.path("revoked").asLong(),
							allSessions ? "every user" : user);
				}
			}
			java.util.Set<String> seen = new java.util.HashSet<>();
			for (JsonNode k : targets) {
				String id = k.path("key_id").asString();
				if (!seen.add(id)) {
					continue;
				}
				client.delete("/api/v1/auth/keys/" + id);
				done.add(Map.of("key_id", id, "prefix", k.path("prefix").asString()));
				if (!server.json) {
					out.printf("revoked %s %s%s%n", k.path("prefix").asString(), k.path("name").asString(""),
							own.equals(k.path("prefix").asString()) ? " (your own key: it no longer works)" : "");
				}
			}
			if (server.json) {
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("revoked_keys", done);
				body.put("sessions", sessions);
				out.println(client.json().writerWithDefaultPrettyPrinter().writeValueAsString(body));
			}
			else {
				out.printf("%d key(s) revoked%n", done.size());
			}
			return 0;
		}

	}

}
