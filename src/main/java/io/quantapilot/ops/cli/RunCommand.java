package io.quantapilot.ops.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.quantapilot.QuantaPilotApplication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code quantapilot run README.md}: the whole pipeline in this process, with the embedded database, progress
 * on the terminal and decisions asked at the prompt.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
		description = { "Run the whole pipeline on a README in this process and print where the result is.",
				"Exit code 0 only when the project completed." })
final class RunCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Parameters(paramLabel = "README", description = "A README.md file, or a folder containing one.")
	Path input;

	@Option(names = "--auto-approve",
			description = "Approve the plan without asking (quality overrides are then refused: tests must pass).")
	boolean autoApprove;

	@Option(names = "--provider", defaultValue = "offline",
			description = "Agent provider for every role (default: ${DEFAULT-VALUE}).")
	String provider;

	@Option(names = "--name", description = "Project name (default: the README's title).")
	String name;

	@Option(names = "--data-dir", description = "Data directory (default: ./data, or QP_DATA_DIR).")
	Path dataDir;

	@Option(names = "--timeout", defaultValue = "2h", description = "Give up after this long (default: ${DEFAULT-VALUE}).")
	String timeout;

	@Override
	public Integer call() throws IOException {
		PrintWriter out = spec.commandLine().getOut();
		Path readmeFile = Files.isDirectory(input) ? input.resolve("README.md") : input;
		if (!Files.isRegularFile(readmeFile)) {
			throw new CliException("no README found at " + readmeFile);
		}
		String readme = Files.readString(readmeFile, StandardCharsets.UTF_8);
		List<String> args = new ArrayList<>(List.of("--quantapilot.public-url=", "--logging.threshold.console=OFF",
				"--spring.main.banner-mode=off"));
		if (dataDir != null) {
			args.add("--quantapilot.data-dir=" + dataDir);
		}
		out.println("Starting QuantaPilot (embedded database, " + provider + " provider)…");
		out.flush();
		SpringApplication application = new SpringApplication(QuantaPilotApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setLogStartupInfo(false);
		try (ConfigurableApplicationContext context = application.run(args.toArray(String[]::new))) {
			Map<String, Object> configuration = new HashMap<>();
			configuration.put("agent_provider", provider);
			PipelineConsole console = new PipelineConsole(context, out,
					new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), autoApprove,
					java.time.Duration.parse("PT" + timeout.toUpperCase(java.util.Locale.ROOT)));
			try {
				return console.run(name, readme, configuration);
			}
			catch (io.quantapilot.common.QuantaPilotException.InvalidRequest ex) {
				throw new CliException(ex.getMessage());
			}
		}
	}

}
