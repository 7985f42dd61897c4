package io.quantapilot.ops.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;

/** {@code quantapilot usage report}: tokens and cost from the server's ledger (the runbook's analyze-token-usage). */
@Command(name = "usage", mixinStandardHelpOptions = true, description = "Token usage and cost on a server.",
		subcommands = { UsageCommand.Report.class })
final class UsageCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		spec.commandLine().usage(spec.commandLine().getOut());
	}

	@Command(name = "report", mixinStandardHelpOptions = true,
			description = { "Tokens (input, output, cached) and cost grouped by role, model, stage, day, provider or "
					+ "project, from GET /api/v1/usage/tokens. Estimated figures are marked with *.",
					"Exit codes: 0 printed, 1 the server could not be asked, 2 usage error." })
	static final class Report implements Callable<Integer> {

		@Mixin
		ServerOptions server;

		@Spec
		CommandSpec spec;

		@Option(names = "--since", defaultValue = "30d",
				description = "How far back: 24h, 30d, or a date (YYYY-MM-DD, UTC) (default: ${DEFAULT-VALUE}).")
		String since;

		@Option(names = "--group-by", defaultValue = "role",
				description = "role, model, stage, day, provider or project (default: ${DEFAULT-VALUE}).")
		String groupBy;

		@Option(names = "--project", paramLabel = "PROJECT_ID", description = "Only this project.")
		UUID project;

		@Override
		public Integer call() {
			if (!java.util.List.of("role", "model", "stage", "day", "provider", "project").contains(groupBy)) {
				throw new ParameterException(spec.commandLine(),
						"--group-by must be one of role, model, stage, day, provider, project");
			}
			String period = period(since);
			JsonNode body = server.client()
				.get("/api/v1/usage/tokens?group_by=" + groupBy + "&period=" + period
						+ (project != null ? "&project_id=" + project : ""));
			PrintWriter out = spec.commandLine().getOut();
			if (server.json) {
				out.println(body.toPrettyString());
				return 0;
			}
			out.printf("Token usage since %s%s, by %s%n", since, project != null ? " for project " + project : "",
					groupBy);
			String format = "%-38s %6s %12s %12s %12s %12s %12s%n";
			out.printf(format, groupBy.toUpperCase(java.util.Locale.ROOT), "RUNS", "INPUT", "OUTPUT", "CACHED", "TOTAL",
					"COST USD");
			boolean estimated = false;
			for (JsonNode g : body.path("groups")) {
				boolean est = g.path("estimated").asBoolean();
				estimated |= est;
				out.printf(format, g.path("group").asString("-"), g.path("runs").asLong(), g.path("input_tokens").asLong(),
						g.path("output_tokens").asLong(), g.path("cached_tokens").asLong(), g.path("total_tokens").asLong(),
						money(g.path("cost_usd")) + (est ? "*" : ""));
			}
			out.printf(format, "TOTAL", "", "", "", "", body.path("total_tokens").asLong(),
					money(body.path("total_cost_usd")));
			if (estimated) {
				out.println("* includes estimated figures (the provider did not report exact usage)");
			}
			return 0;
		}

		private String period(String value) {
			String v = value.strip();
			if (v.matches("\\d{1,4}[hd]")) {
				return v;
			}
			try {
				LocalDate date = LocalDate.parse(v);
				long hours = Duration.between(date.atStartOfDay(ZoneOffset.UTC).toInstant(), Instant.now()).toHours() + 1;
				if (hours < 1 || hours > 9999) {
					throw new ParameterException(spec.commandLine(), "--since must be a date in the past 9999 hours");
				}
				return hours + "h";
			}
			catch (DateTimeParseException ex) {
				throw new ParameterException(spec.commandLine(), "--since must look like 24h, 30d or 2026-11-01");
			}
		}

		private static String money(JsonNode value) {
			BigDecimal amount = value.isMissingNode() || value.isNull() ? BigDecimal.ZERO : value.decimalValue();
			return amount.setScale(4, java.math.RoundingMode.HALF_UP).toPlainString();
		}

	}

}
