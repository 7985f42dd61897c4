package io.quantapilot.ops.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;

/** {@code quantapilot decisions list|approve|reject}: human-in-the-loop decisions on a running server. */
@Command(name = "decisions", mixinStandardHelpOptions = true, description = "List and answer decisions on a server.",
		subcommands = { DecisionsCommand.ListDecisions.class, DecisionsCommand.Approve.class,
				DecisionsCommand.Reject.class })
final class DecisionsCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		spec.commandLine().usage(spec.commandLine().getOut());
	}

	@Command(name = "list", mixinStandardHelpOptions = true, description = "List decisions (default: pending).")
	static final class ListDecisions implements Callable<Integer> {

		@Mixin
		ServerOptions server;

		@Spec
		CommandSpec spec;

		@Option(names = "--status", defaultValue = "pending", description = "Status filter (default: ${DEFAULT-VALUE}).")
		String status;

		@Option(names = "--project", description = "Only this project's decisions.")
		UUID project;

		@Override
		public Integer call() {
			JsonNode body = server.client()
				.get("/api/v1/hitl/decisions?status=" + status + (project != null ? "&project_id=" + project : ""));
			PrintWriter out = spec.commandLine().getOut();
			if (server.json) {
				out.println(body.toPrettyString());
				return 0;
			}
			out.printf("%-36s  %-16s  %-10s  %-36s  %s%n", "ID", "TYPE", "STATUS", "PROJECT", "CREATED");
			for (JsonNode d : body.path("decisions")) {
				out.printf("%-36s  %-16s  %-10s  %-36s  %s%n", d.path("decision_id").asString(),
						d.path("type").asString(), d.path("status").asString(), d.path("project_id").asString(),
						d.path("created_at").asString());
			}
			return 0;
		}

	}

	abstract static class Decide implements Callable<Integer> {

		@Mixin
		ServerOptions server;

		@Spec
		CommandSpec spec;

		@Parameters(paramLabel = "DECISION_ID", description = "The decision's id.")
		UUID id;

		@Option(names = { "-m", "--comment" }, description = "Comments to record with the decision.")
		String comment;

		abstract String outcome();

		@Override
		public Integer call() {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("decision", outcome());
			if (comment != null) {
				body.put("comments", comment);
			}
			JsonNode decision = server.client().post("/api/v1/hitl/decisions/" + id, body);
			PrintWriter out = spec.commandLine().getOut();
			if (server.json) {
				out.println(decision.toPrettyString());
			}
			else {
				out.printf("Decision %s is now %s (by %s)%n", id, decision.path("status").asString(),
						decision.path("decided_by").asString());
			}
			return 0;
		}

	}

	@Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve a pending decision.")
	static final class Approve extends Decide {

		@Override
		String outcome() {
			return "approve";
		}

	}

	@Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject a pending decision.")
	static final class Reject extends Decide {

		@Override
		String outcome() {
			return "reject";
		}

	}

}
