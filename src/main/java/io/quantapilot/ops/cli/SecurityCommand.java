package io.quantapilot.ops.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;

/** {@code quantapilot security validate|audit}. */
@Command(name = "security", mixinStandardHelpOptions = true,
		description = "Check the security settings (validate) or a server's security state (audit).",
		subcommands = { SecurityCommand.Validate.class, SecurityCommand.Audit.class })
final class SecurityCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		spec.commandLine().usage(spec.commandLine().getOut());
	}

	@Command(name = "validate", mixinStandardHelpOptions = true,
			description = { "Check the configuration a server started here would use, plus --env-file, for missing, "
					+ "weak or example secrets (master key, admin API key, webhook secrets), default database "
					+ "passwords, the master key file's permissions, anonymous clones of the local forge, SMTP without "
					+ "TLS, an http public URL, agents without a sandbox and an env file readable by others. Prints "
					+ "the settings' names, never their values.",
					"Exit codes: 0 no errors (warnings allowed unless --strict), 1 errors found, 2 usage error." })
	static final class Validate implements Callable<Integer> {

		@Spec
		CommandSpec spec;

		@Option(names = "--env-file", paramLabel = "FILE",
				description = "Also check this .env file (its variables count as set).")
		Path envFile;

		@Option(names = "--json", description = "Print the findings as JSON.")
		boolean json;

		@Option(names = "--strict", description = "Warnings fail too.")
		boolean strict;

		@Override
		public Integer call() {
			List<Finding> findings = SecurityChecks.run(LocalConfiguration.load(envFile), envFile);
			return Finding.report(findings, json, strict, "security", spec.commandLine().getOut());
		}

	}

	@Command(name = "audit", mixinStandardHelpOptions = true,
			description = { "Ask the server for its security state: audit log actions of the period, failed sign-ins "
					+ "and lockouts, API keys expiring within 14 days or unused for 30, administrators and live "
					+ "dashboard sessions (needs an admin key).",
					"Exit codes: 0 report printed (with --strict: and nothing needs attention), 1 the server could not "
							+ "be asked, or --strict and lockouts, expiring or unused keys were found; 2 usage error." })
	static final class Audit implements Callable<Integer> {

		@Mixin
		ServerOptions server;

		@Spec
		CommandSpec spec;

		@Option(names = "--period", defaultValue = "24h", description = "How far back, e.g. 24h or 7d (default: ${DEFAULT-VALUE}).")
		String period;

		@Option(names = "--strict", description = "Exit 1 when lockouts, expiring or unused keys were found.")
		boolean strict;

		@Override
		public Integer call() {
			JsonNode r = server.client().get("/api/v1/admin/security/audit?period="
					+ java.net.URLEncoder.encode(period, java.nio.charset.StandardCharsets.UTF_8));
			PrintWriter out = spec.commandLine().getOut();
			int attention = r.path("lockouts").size() + r.path("keys_expiring_soon").size()
					+ r.path("keys_unused").size();
			if (server.json) {
				out.println(r.toPrettyString());
				return strict && attention > 0 ? 1 : 0;
			}
			out.printf("Security audit since %s (generated %s)%n%n", r.path("since").asString(),
					r.path("generated_at").asString());
			out.println("Audit log actions:");
			if (r.path("actions").isEmpty()) {
				out.println("  (none)");
			}
			r.path("actions").properties().forEach(e -> out.printf("  %-28s %6d%n", e.getKey(), e.getValue().asLong()));
			out.printf("%nFailed sign-ins (%d user names):%n", r.path("failed_sign_ins").size());
			for (JsonNode s : r.path("failed_sign_ins")) {
				out.printf("  %-28s %4d attempt(s) from %d address(es), last %s%n", s.path("username").asString(),
						s.path("attempts").asLong(), s.path("distinct_ips").asLong(), s.path("last").asString());
			}
			out.printf("%nLockouts: %d%n", r.path("lockouts").size());
			for (JsonNode e : r.path("lockouts")) {
				out.printf("  %s  %s%n", e.path("at").asString(), e.path("target_id").asString());
			}
			out.printf("%nKeys expiring within 14 days: %d%n", r.path("keys_expiring_soon").size());
			for (JsonNode k : r.path("keys_expiring_soon")) {
				out.printf("  %-12s %-24s %-16s expires %s%n", k.path("prefix").asString(), k.path("name").asString(),
						k.path("username").asString(), k.path("expires_at").asString());
			}
			out.printf("%nKeys unused for 30 days or never used: %d%n", r.path("keys_unused").size());
			for (JsonNode k : r.path("keys_unused")) {
				out.printf("  %-12s %-24s %-16s last used %s%n", k.path("prefix").asString(), k.path("name").asString(),
						k.path("username").asString(), k.path("last_used_at").asString("never"));
			}
			out.printf("%nAdministrators: %d%n", r.path("admins").size());
			for (JsonNode a : r.path("admins")) {
				out.printf("  %-28s %d active key(s), %d live session(s)%n", a.path("username").asString(),
						a.path("active_keys").asLong(), a.path("live_sessions").asLong());
			}
			out.printf("%nDashboard sessions: %d live, %d started in the period%n", r.path("live_sessions").asLong(),
					r.path("sessions_created").asLong());
			out.printf("%n%d item(s) need attention%n", attention);
			return strict && attention > 0 ? 1 : 0;
		}

	}

}
