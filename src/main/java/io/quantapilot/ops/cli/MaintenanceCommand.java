package io.quantapilot.ops.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;

/** {@code quantapilot maintenance daily|weekly}: asks the server to run its maintenance and prints what it did. */
@Command(name = "maintenance", mixinStandardHelpOptions = true, description = "Run the daily or weekly maintenance on a server.",
		subcommands = { MaintenanceCommand.Daily.class, MaintenanceCommand.Weekly.class })
final class MaintenanceCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		spec.commandLine().usage(spec.commandLine().getOut());
	}

	abstract static class Run implements Callable<Integer> {

		@Mixin
		ServerOptions server;

		@Spec
		CommandSpec spec;

		abstract String schedule();

		@Override
		public Integer call() {
			JsonNode r = server.client().post("/api/v1/admin/maintenance/" + schedule(), java.util.Map.of());
			PrintWriter out = spec.commandLine().getOut();
			if (server.json) {
				out.println(r.toPrettyString());
				return 0;
			}
			out.printf("%s maintenance (%s → %s)%n", schedule(), r.path("started_at").asString(),
					r.path("finished_at").asString());
			long total = 0;
			for (JsonNode p : r.path("purged")) {
				total += p.path("deleted").asLong();
				out.printf("  deleted %8d  %-38s %s%n", p.path("deleted").asLong(), p.path("what").asString(),
						p.path("retention").asString());
			}
			JsonNode w = r.path("workspaces");
			out.printf("  workspaces: %d in %s, %s%n", w.path("count").asLong(), w.path("path").asString(),
					bytes(w.path("bytes").asLong()));
			out.printf("  workspaces removed: %d (%s freed; %s)%n", w.path("removed").asLong(),
					bytes(w.path("removed_bytes").asLong()), w.path("retention").asString());
			JsonNode d = r.path("database");
			out.printf("  database: %s in %d ms, size %s%n", d.path("command").asString(), d.path("duration_ms").asLong(),
					bytes(d.path("size_bytes").asLong()));
			out.printf("Done: %d row(s) deleted.%n", total);
			return 0;
		}

		static String bytes(long n) {
			if (n < 1024) {
				return n + " B";
			}
			String[] units = { "KiB", "MiB", "GiB", "TiB" };
			double v = n;
			int i = -1;
			while (v >= 1024 && i < units.length - 1) {
				v /= 1024;
				i++;
			}
			return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[i]);
		}

	}

	@Command(name = "daily", mixinStandardHelpOptions = true,
			description = { "Delete ended sessions, expired link tokens, finished notifications and webhook logs, "
					+ "work items of ended processes and old agent event logs past their retention "
					+ "(quantapilot.retention.*), measure the workspaces' disk use, run ANALYZE. Idempotent; needs an "
					+ "admin key.", "Exit codes: 0 done, 1 failed (or already running: 409), 2 usage error." })
	static final class Daily extends Run {

		@Override
		String schedule() {
			return "daily";
		}

	}

	@Command(name = "weekly", mixinStandardHelpOptions = true,
			description = { "Everything daily does, plus remove the workspaces of projects completed or cancelled more "
					+ "than quantapilot.retention.workspaces ago (14d by default; the repositories stay) and VACUUM "
					+ "(ANALYZE) the database. Idempotent; needs an admin key.",
					"Exit codes: 0 done, 1 failed (or already running: 409), 2 usage error." })
	static final class Weekly extends Run {

		@Override
		String schedule() {
			return "weekly";
		}

	}

}
