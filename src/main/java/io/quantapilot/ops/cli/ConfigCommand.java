package io.quantapilot.ops.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code quantapilot config validate}: checks the configuration a server would start with, without starting it. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Check the server's configuration.",
		subcommands = { ConfigCommand.Validate.class })
final class ConfigCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		spec.commandLine().usage(spec.commandLine().getOut());
	}

	@Command(name = "validate", mixinStandardHelpOptions = true,
			description = { "Load the configuration a server started here would use (application.yml, "
					+ "./application.yml, ./config/, SPRING_CONFIG_* and the environment, plus --env-file) and check "
					+ "it without starting anything: every setting binds (types, durations, allowed values), no "
					+ "quantapilot.* setting is unknown (a typo would be ignored silently), URLs are URLs, and the "
					+ "agent providers and forge in use have their keys.",
					"Exit codes: 0 valid (warnings allowed unless --strict), 1 errors found, 2 usage error." })
	static final class Validate implements Callable<Integer> {

		@Spec
		CommandSpec spec;

		@Option(names = "--env-file", paramLabel = "FILE",
				description = "Variables of this .env file count as set (as Docker Compose would pass them).")
		Path envFile;

		@Option(names = "--json", description = "Print the findings as JSON.")
		boolean json;

		@Option(names = "--strict", description = "Warnings fail too.")
		boolean strict;

		@Override
		public Integer call() {
			List<Finding> findings = ConfigChecks.run(LocalConfiguration.load(envFile));
			return Finding.report(findings, json, strict, "configuration", spec.commandLine().getOut());
		}

	}

}
