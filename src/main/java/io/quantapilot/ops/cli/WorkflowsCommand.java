package io.quantapilot.ops.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code quantapilot workflows …}: the engine's process definitions and stuck executions (admin API key). */
@Command(name = "workflows", mixinStandardHelpOptions = true,
		description = "Verify, export and import the workflow engine's process definitions; find and retry "
				+ "stuck executions. Needs a running server and an admin API key.",
		subcommands = { WorkflowsCommand.Verify.class, WorkflowsCommand.Export.class, WorkflowsCommand.Import.class,
				WorkflowsCommand.ClearStuck.class })
final class WorkflowsCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		spec.commandLine().usage(spec.commandLine().getOut());
	}

	@Command(name = "verify", mixinStandardHelpOptions = true,
			description = { "Check that the deployed process definitions are the ones this build ships and that "
					+ "no engine job has exhausted its retries.", "Exit code 0: all good; 1: problems (listed)." })
	static final class Verify implements Callable<Integer> {

		@Mixin
		ServerOptions server;

		@Spec
		CommandSpec spec;

		@Override
		public Integer call() {
			JsonNode body = server.client().get("/api/v1/admin/workflows/verify");
			PrintWriter out = spec.commandLine().getOut();
			if (server.json) {
				out.println(body.toPrettyString());
			}
			else {
				for (JsonNode d : body.path("definitions")) {
					out.printf("definition %-28s %-20s version %-3d %s%n", d.path("resource_name").asString(),
							d.path("key").asString(), d.path("deployed_version").asInt(), d.path("status").asString());
				}
				printJobs(out, body.path("dead_letter_jobs"));
			}
			if (body.path("ok").asBoolean()) {
				out.println("Workflows OK");
				return 0;
			}
			spec.commandLine().getErr().println("quantapilot: workflows verify found problems: "
					+ body.path("dead_letter_jobs").size() + " dead-letter job(s), definitions "
					+ body.path("definitions").findValuesAsString("status"));
			return 1;
		}

	}

	@Command(name = "export", mixinStandardHelpOptions = true,
			description = "Write the latest deployed version of each process definition to a directory.")
	static final class Export implements Callable<Integer> {

		@Mixin
		ServerOptions server;

		@Spec
		CommandSpec spec;

		@Option(names = { "-o", "--output" }, defaultValue = "workflows",
				description = "Directory to write to (default: ${DEFAULT-VALUE}).")
		Path output;

		@Override
		public Integer call() throws IOException {
			JsonNode body = server.client().get("/api/v1/admin/workflows/definitions");
			Files.createDirectories(output);
			PrintWriter out = spec.commandLine().getOut();
			for (JsonNode d : body.path("definitions")) {
				String name = d.path("resource_name").asString();
				if (!name.matches("[A-Za-z0-9._-]+")) {
					throw new CliException("the server sent an unusable definition name: " + name);
				}
				Path file = output.resolve(name);
				Files.writeString(file, d.path("xml").asString(), StandardCharsets.UTF_8);
				out.println("Wrote " + file + " (" + d.path("key").asString() + " version " + d.path("version").asInt()
						+ ")");
			}
			return 0;
		}

	}

	@Command(name = "import", mixinStandardHelpOptions = true,
			description = { "Deploy a process definition file (*.bpmn20.xml). The engine validates it; an invalid "
					+ "or unknown definition is refused and nothing is deployed.",
					"New projects use the imported version; running ones stay on theirs." })
	static final class Import implements Callable<Integer> {

		@Mixin
		ServerOptions server;

		@Spec
		CommandSpec spec;

		@Parameters(paramLabel = "FILE", description = "The definition (*.bpmn20.xml).")
		Path file;

		@Override
		public Integer call() throws IOException {
			if (!Files.isRegularFile(file)) {
				throw new CliException("no file at " + file);
			}
			String xml = Files.readString(file, StandardCharsets.UTF_8);
			JsonNode body = server.client()
				.post("/api/v1/admin/workflows/definitions", Map.of("name", file.getFileName().toString(), "xml", xml));
			spec.commandLine().getOut().println("Deployed " + body.path("key").asString() + " version "
					+ body.path("version").asInt() + " from " + file);
			return 0;
		}

	}

	@Command(name = "clear-stuck", mixinStandardHelpOptions = true,
			description = { "List stuck executions — engine jobs that exhausted their retries (dead letters) and "
					+ "work items running for more than --older-than (a hung step) or whose lease expired that long "
					+ "ago (no worker left) — and move them back to be retried (after confirmation, or with --yes).",
					"Projects are not failed: a step that fails again ends in the usual failure handling." })
	static final class ClearStuck implements Callable<Integer> {

		@Mixin
		ServerOptions server;

		@Spec
		CommandSpec spec;

		@Option(names = "--older-than", defaultValue = "1h",
				description = "Work items count as stuck when running or expired this long (default: "
						+ "${DEFAULT-VALUE}; 90s, 30m, 2h, 1d).")
		String olderThan;

		@Option(names = "--dry-run", description = "Only list what is stuck.")
		boolean dryRun;

		@Option(names = { "-y", "--yes" }, description = "Retry without asking.")
		boolean yes;

		@Override
		public Integer call() {
			Duration age = Durations.parse("--older-than", olderThan);
			ApiClient client = server.client();
			JsonNode stuck = client.get("/api/v1/admin/workflows/stuck?older_than=" + age);
			PrintWriter out = spec.commandLine().getOut();
			int jobs = stuck.path("dead_letter_jobs").size();
			int items = stuck.path("expired_work_items").size();
			printJobs(out, stuck.path("dead_letter_jobs"));
			for (JsonNode w : stuck.path("expired_work_items")) {
				out.printf("work item %s project %s step %s held by %s since %s, lease until %s%n",
						w.path("id").asString(), w.path("project_id").asString(), w.path("step_key").asString(),
						w.path("lease_owner").asString(), w.path("claimed_at").asString("?"),
						w.path("lease_expires_at").asString());
			}
			if (jobs + items == 0) {
				out.println("Nothing is stuck.");
				return 0;
			}
			if (dryRun) {
				out.println(jobs + " dead-letter job(s), " + items + " expired work item(s); --dry-run: nothing changed");
				return 0;
			}
			if (!yes) {
				java.io.Console console = System.console();
				String answer = console == null ? null
						: console.readLine("Retry %d job(s) and %d work item(s)? Type yes: ", jobs, items);
				if (answer == null || !answer.strip().equalsIgnoreCase("yes")) {
					throw new CliException("not confirmed: pass --yes to retry them (or --dry-run to only list)");
				}
			}
			JsonNode moved = client.post("/api/v1/admin/workflows/stuck/retry", Map.of("older_than", age.toString()));
			out.println("Moved back to be retried: " + moved.path("dead_letter_jobs").size() + " job(s), "
					+ moved.path("expired_work_items").size() + " work item(s)");
			return 0;
		}

	}

	private static void printJobs(PrintWriter out, JsonNode jobs) {
		for (JsonNode j : jobs) {
			out.printf("dead-letter job %s project %s at %s: %s%n", j.path("job_id").asString(),
					j.path("project_id").asString("-"), j.path("activity_id").asString("-"), j.path("error").asString(""));
		}
	}

}
