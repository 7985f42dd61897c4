package io.quantapilot.ops.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.quantapilot.QuantaPilotApplication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code quantapilot server}: starts the application with the chosen roles. */
@Command(name = "server", mixinStandardHelpOptions = true,
		description = "Start the QuantaPilot server (standalone: all roles, embedded PostgreSQL).")
final class ServerCommand implements Callable<Integer> {

	@Option(names = "--port", description = "HTTP port (default: 3000, or QP_PORT).")
	Integer port;

	@Option(names = "--data-dir", description = "Data directory (default: ./data, or QP_DATA_DIR).")
	Path dataDir;

	@Option(names = "--roles", split = ",",
			description = "Roles to run: api, agents, forge, notifications, dashboard, engine (default: all).")
	List<String> roles;

	@Override
	public Integer call() {
		List<String> args = new ArrayList<>();
		if (port != null) {
			args.add("--server.port=" + port);
		}
		if (dataDir != null) {
			args.add("--quantapilot.data-dir=" + dataDir);
		}
		if (roles != null && !roles.isEmpty()) {
			args.add("--quantapilot.roles=" + String.join(",", roles));
		}
		ConfigurableApplicationContext context = SpringApplication.run(QuantaPilotApplication.class,
				args.toArray(String[]::new));
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
