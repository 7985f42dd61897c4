package io.quantapilot.agents.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quantapilot.agents.spi.AgentEvents;
import io.quantapilot.agents.spi.AgentOutcome;
import io.quantapilot.agents.spi.AgentProvider;
import io.quantapilot.agents.spi.AgentTask;
import io.quantapilot.agents.spi.ProviderCheck;
import io.quantapilot.common.QuantaPilotException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The {@code cursor-cli} provider: the Cursor Agent CLI in headless mode in the project workspace,
 * {@code agent -p --output-format stream-json --trust --force --approve-mcps --workspace <dir> [--model m] <prompt>},
 * authenticated by {@code CURSOR_API_KEY} in its environment (never on its command line). Its stream-json events
 * become the run's event log; the final {@code result} event ends the run even when the process lingers.
 */
@Component
public class CursorCliProvider implements AgentProvider {

	/** The provider's name in configuration. */
	public static final String NAME = "cursor-cli";

	static final String API_KEY_VARIABLE = "CURSOR_API_KEY";

	private static final List<String> DEFAULT_COMMANDS = List.of("agent", "cursor-agent");

	private final CursorCliSettings settings;

	private final Map<String, String> serverEnvironment;

	@Autowired
	public CursorCliProvider(CursorCliSettings settings) {
		this(settings, System.getenv());
	}

	CursorCliProvider(CursorCliSettings settings, Map<String, String> serverEnvironment) {
		this.settings = settings;
		this.serverEnvironment = Map.copyOf(serverEnvironment);
	}

	@Override
	public String name() {
		return NAME;
	}

	/** Whether the CLI is installed and a key is configured; says what to fix otherwise. */
	@Override
	public ProviderCheck check() {
		Optional<Path> binary = binary();
		if (binary.isEmpty()) {
			return ProviderCheck.problem(NAME, settings.command() != null && !settings.command().isBlank()
					? "the Cursor CLI '" + settings.command() + "' (quantapilot.agents.cursor-cli.command) was not found"
							+ " or is not executable"
					: "the Cursor CLI was not found: neither 'agent' nor 'cursor-agent' is on the PATH; install it"
							+ " (curl https://cursor.com/install -fsS | bash) or set quantapilot.agents.cursor-cli.command");
		}
		String keySource = keySource();
		if (keySource == null) {
			return ProviderCheck.problem(NAME, "no Cursor API key: set quantapilot.agents.cursor-cli.api-key"
					+ " (environment QUANTAPILOT_AGENTS_CURSORCLI_APIKEY) or CURSOR_API_KEY");
		}
		return ProviderCheck.ok(NAME, "Cursor CLI at " + binary.get() + ", API key from " + keySource + ", model "
				+ (blank(settings.model()) ? "the CLI's default" : settings.model()));
	}

	@Override
	public AgentOutcome run(AgentTask task, AgentEvents events) throws Exception {
		ProviderCheck check = check();
		if (!check.ok()) {
			throw new QuantaPilotException.InvalidRequest("agent_provider", check.message());
		}
		Path binary = binary().orElseThrow();
		TaskPrompt.Built prompt = TaskPrompt.of(task);
		String model = !blank(task.model()) ? task.model() : blank(settings.model()) ? null : settings.model();
		Map<String, String> fixed = new LinkedHashMap<>();
		List<String> passthrough = new ArrayList<>(settings.envPassthrough());
		if (!blank(settings.apiKey())) {
			fixed.put(API_KEY_VARIABLE, settings.apiKey());
		}
		else {
			passthrough.add(API_KEY_VARIABLE);
		}
		ChildEnvironment environment = ChildEnvironment.of(serverEnvironment, passthrough, fixed);
		String workspace = task.workspace().toAbsolutePath().toString();
		List<CommandLine.Option> options = new ArrayList<>();
		// Without --trust a workspace trust prompt can block a headless run; without --force print mode may
		// not write files.
		options.add(CommandLine.Option.of("--trust"));
		options.add(CommandLine.Option.of("--force").aliases("-f", "--yolo"));
		options.add(CommandLine.Option.of("--approve-mcps"));
		// The workspace decides which rules (AGENTS.md, .cursor/rules) and MCP configuration are loaded.
		options.add(CommandLine.Option.of("--workspace", workspace));
		if (model != null) {
			options.add(CommandLine.Option.of("--model", model));
		}
		List<String> argv = new ArrayList<>(List.of(binary.toString(), "-p", "--output-format", "stream-json"));
		argv.addAll(CommandLine.options(options, settings.extraArgs()));
		int promptIndex = argv.size();
		argv.add(prompt.text());
		CliAgentRun.Launch launch = new CliAgentRun.Launch(NAME, argv, promptIndex, environment, OutputFormat.CURSOR,
				settings.timeout(), settings.resultGrace(), settings.killGrace(), settings.stuck(), model);
		return CliAgentRun.run(launch, task, prompt, events);
	}

	private Optional<Path> binary() {
		String path = serverEnvironment.get("PATH");
		if (!blank(settings.command())) {
			return Executables.find(settings.command().strip(), path);
		}
		for (String command : DEFAULT_COMMANDS) {
			Optional<Path> found = Executables.find(command, path);
			if (found.isPresent()) {
				return found;
			}
		}
		return Optional.empty();
	}

	private String keySource() {
		if (!blank(settings.apiKey())) {
			return "the configuration";
		}
		return blank(serverEnvironment.get(API_KEY_VARIABLE)) ? null : "the environment (CURSOR_API_KEY)";
	}

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}

}
