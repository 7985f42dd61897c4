package io.quantapilot.ops.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.quantapilot.QuantaPilotApplication;
import io.quantapilot.common.Roles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code quantapilot server}: starts the application with the chosen roles. */
@Command(name = "server", mixinStandardHelpOptions = true,
		description = { "Start the QuantaPilot server.",
				"Standalone (default): every role in one process on port 3000, with an embedded PostgreSQL "
						+ "under the data directory.",
				"Split: start one process per role (or group of roles) with --roles; all of them share an external "
						+ "PostgreSQL (QP_DATABASE_URL, QP_DATABASE_USER, QP_DATABASE_PASSWORD), one public URL "
						+ "(QP_PUBLIC_URL) and the data directory (shared storage across machines).",
				"Every process serves /health and /metrics on its own port and logs to <logs-dir>/<roles>/." },
		footer = { "", "Roles and their default ports when run alone:",
				"  api            3000  REST API v1 and /git (read-only clones)",
				"  agents         3001  worker pool: agent, test and git work items",
				"  forge          3002  webhooks from GitHub and Cursor, checks polling",
				"  notifications  3003  outbox delivery, Telegram, e-mail decision pages",
				"  dashboard      3004  the web UI",
				"  engine         3005  workflow engine: async jobs and timers",
				"Several roles in one process default to port 3000.", "",
				"Examples:", "  quantapilot server",
				"  export QP_DATABASE_URL=jdbc:postgresql://db:5432/quantapilot",
				"  export QP_PUBLIC_URL=http://gateway.example:3000",
				"  quantapilot server --roles api,engine,forge",
				"  quantapilot server --roles agents" })
final class ServerCommand implements Callable<Integer> {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Option(names = "--port",
			description = "HTTP port (default: QP_PORT, else the role's port when running one role, else 3000).")
	Integer port;

	@Option(names = "--data-dir", description = "Data directory (default: ./data, or QP_DATA_DIR).")
	Path dataDir;

	@Option(names = "--roles", split = ",", paramLabel = "ROLE",
			description = "Roles to run, comma separated: api, agents, forge, notifications, dashboard, engine, "
					+ "or all (default: QP_ROLES, else all).")
	List<String> roles;

	@Override
	public Integer call() {
		List<String> args = new ArrayList<>();
		if (port != null) {
			if (port < 1 || port > 65535) {
				throw new CommandLine.ParameterException(spec.commandLine(),
						"--port must be between 1 and 65535, not " + port);
			}
			args.add("--server.port=" + port);
		}
		if (dataDir != null) {
			args.add("--quantapilot.data-dir=" + dataDir);
		}
		if (roles != null && !roles.isEmpty()) {
			try {
				args.add("--" + Roles.PROPERTY + "=" + Roles.parse(roles));
			}
			catch (Roles.InvalidRolesException ex) {
				throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage());
			}
		}
		ConfigurableApplicationContext context;
		try {
			context = SpringApplication.run(QuantaPilotApplication.class, args.toArray(String[]::new));
		}
		catch (RuntimeException ex) {
			// Spring Boot has already printed why (a failure analysis or the logged exception).
			return 1;
		}
		// The web server keeps the JVM alive; wait until the context is closed (SIGTERM).
		var latch = new java.util.concurrent.CountDownLatch(1);
		context.addApplicationListener(event -> {
			if (event instanceof org.springframework.context.event.ContextClosedEvent) {
				latch.countDown();
			}
		});
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return 0;
	}

}
