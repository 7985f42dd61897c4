package io.quantapilot.ops.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;

/** {@code quantapilot notifications link-code}: a one-time code that links a Telegram chat to a user. */
@Command(name = "notifications", mixinStandardHelpOptions = true,
		description = "Notification settings on a server (Telegram linking).",
		subcommands = { NotificationsCommand.LinkCode.class })
final class NotificationsCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		spec.commandLine().usage(spec.commandLine().getOut());
	}

	@Command(name = "link-code", mixinStandardHelpOptions = true,
			description = "Create a one-time code; send /start <code> to the bot to link the chat.")
	static final class LinkCode implements Callable<Integer> {

		@Mixin
		ServerOptions server;

		@Spec
		CommandSpec spec;

		@Option(names = "--user", description = "The user to link (default: the API key's own user; others need admin).")
		String user;

		@Override
		public Integer call() {
			Map<String, Object> body = new LinkedHashMap<>();
			if (user != null) {
				body.put("username", user);
			}
			JsonNode code = server.client().post("/api/v1/notifications/telegram/link-codes", body);
			PrintWriter out = spec.commandLine().getOut();
			if (server.json) {
				out.println(code.toPrettyString());
				return 0;
			}
			out.printf("Send this to the QuantaPilot bot in Telegram (once, before %s):%n%n    %s%n%n",
					code.path("expires_at").asString(), code.path("bot_command").asString());
			out.printf("It links that chat to the user %s.%n", code.path("username").asString());
			return 0;
		}

	}

}
