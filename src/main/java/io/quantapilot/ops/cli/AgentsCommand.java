package io.quantapilot.ops.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;

/** {@code quantapilot agents verify}: which configured agent providers work (the runbook's verify-api-keys). */
@Command(name = "agents", mixinStandardHelpOptions = true, description = "Check agent providers on a server.",
		subcommands = { AgentsCommand.Verify.class })
final class AgentsCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		spec.commandLine().usage(spec.commandLine().getOut());
	}

	@Command(name = "verify", mixinStandardHelpOptions = true,
			description = "Check each provider's configuration, credentials and reachability. Exit 1 if one fails.")
	static final class Verify implements Callable<Integer> {

		@Mixin
		ServerOptions server;

		@Spec
		CommandSpec spec;

		@Override
		public Integer call() {
			JsonNode body = server.client().get("/api/v1/agents/providers");
			PrintWriter out = spec.commandLine().getOut();
			if (server.json) {
				out.println(body.toPrettyString());
			}
			boolean allOk = true;
			for (JsonNode check : body.path("providers")) {
				boolean ok = check.path("ok").asBoolean();
				allOk &= ok;
				if (!server.json) {
					out.printf("%s %-14s %s%n", ok ? "✓" : "✗", check.path("provider").asString(),
							check.path("message").asString());
				}
			}
			return allOk ? 0 : 1;
		}

	}

}
