package io.quantapilot.ops.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code quantapilot} command and its subcommands. */
@Command(name = "quantapilot", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
		description = "QuantaPilot, the self-hosted autonomous project factory.",
		subcommands = { ServerCommand.class, RunCommand.class, ProjectsCommand.class, DecisionsCommand.class,
				AgentsCommand.class, NotificationsCommand.class, ForgeCommand.class, KeysCommand.class,
				SecretsCommand.class, SecurityCommand.class, ConfigCommand.class, UsageCommand.class,
				MaintenanceCommand.class, BackupCommand.class, WorkflowsCommand.class, HealthCommand.class,
				SmokeCommand.class, DbCommand.class, CommandLine.HelpCommand.class })
public final class RootCommand implements Runnable {

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		spec.commandLine().usage(System.out);
	}

	/** Runs the command line and returns the exit code. */
	public static int execute(String... args) {
		return execute(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
	}

	/** Runs the command line with the given output streams and returns the exit code. */
	public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
		CommandLine commandLine = new CommandLine(new RootCommand()).setCaseInsensitiveEnumValuesAllowed(true);
		commandLine.setOut(out);
		commandLine.setErr(err);
		commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
			if (ex instanceof CliException) {
				cmd.getErr().println("quantapilot: " + ex.getMessage());
				return 1;
			}
			throw ex;
		});
		return commandLine.execute(args);
	}

}
