package io.quantapilot.agents.cli;

import java.nio.file.Path;
import java.util.ArrayList;
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
 * The {@code command} provider: another agent CLI in the project workspace, from a preset (Claude Code, Codex,
 * Aider, Gemini CLI) or a custom command template. Presets parse their tool's event stream; a custom command is
 * read as plain text unless its output format is configured.
 */
@Component
public class CommandProvider implements AgentProvider {

	/** The provider's name in configuration. */
	public static final String NAME = "command";

	private final CommandSettings settings;

	private final Map<String, String> serverEnvironment;

	@Autowired
	public CommandProvider(CommandSettings settings) {
		this(settings, System.getenv());
	}

	CommandProvider(CommandSettings settings, Map<String, String> serverEnvironment) {
		this.settings = settings;
		this.serverEnvironment = Map.copyOf(serverEnvironment);
	}

	@Override
	public String name() {
		return NAME;
	}

	/** What the configuration resolves to, or why it cannot run. */
	private record Resolved(CommandPreset preset, OutputFormat format, List<String> template, Path binary) {
	}

	/** Whether the configured tool is usable here; says what to fix otherwise. */
	@Override
	public ProviderCheck check() {
		Resolved resolved;
		try {
			resolved = resolve();
		}
		catch (IllegalArgumentException ex) {
			return ProviderCheck.problem(NAME, ex.getMessage());
		}
		StringBuilder message = new StringBuilder();
		message.append(resolved.preset().wireName()).append(" at ").append(resolved.binary());
		List<String> credentials = resolved.preset().credentials();
		if (!credentials.isEmpty()) {
			List<String> present = credentials.stream()
				.filter(name -> !blank(serverEnvironment.get(name)) || settings.env().containsKey(name))
				.toList();
			message.append(present.isEmpty()
					? "; none of " + String.join(", ", credentials)
							+ " is set, so the tool must have its own stored login"
					: "; credentials from " + String.join(", ", present));
		}
		return ProviderCheck.ok(NAME, message.toString());
	}

	@Override
	public AgentOutcome run(AgentTask task, AgentEvents events) throws Exception {
		Resolved resolved;
		try {
			resolved = resolve();
		}
		catch (IllegalArgumentException ex) {
			throw new QuantaPilotException.InvalidRequest("agent_provider", ex.getMessage());
		}
		TaskPrompt.Built prompt = TaskPrompt.of(task);
		String model = !blank(task.model()) ? task.model() : blank(settings.model()) ? null : settings.model();
		String workspace = task.workspace().toAbsolutePath().toString();
		CommandLine.Built line = resolved.preset() == CommandPreset.CUSTOM
				? CommandLine.fill(resolved.template(), resolved.binary().toString(), prompt.text(), workspace, model)
				: resolved.preset()
					.commandLine(resolved.binary().toString(), prompt.text(), workspace, model, settings.extraArgs());
		List<String> passthrough = new ArrayList<>(resolved.preset().environment());
		passthrough.addAll(settings.envPassthrough());
		ChildEnvironment environment = ChildEnvironment.of(serverEnvironment, passthrough, settings.env());
		String label = resolved.preset() == CommandPreset.CUSTOM ? resolved.binary().getFileName().toString()
				: resolved.preset().wireName();
		CliAgentRun.Launch launch = new CliAgentRun.Launch(label, line.argv(), line.promptIndex(), environment,
				resolved.format(), settings.timeout(), settings.resultGrace(), settings.killGrace(), settings.stuck(),
				model);
		return CliAgentRun.run(launch, task, prompt, events);
	}

	private Resolved resolve() {
		if (blank(settings.preset())) {
			throw new IllegalArgumentException("quantapilot.agents.command.preset is not set (one of "
					+ CommandPreset.known() + ")");
		}
		CommandPreset preset;
		try {
			preset = CommandPreset.fromWireName(settings.preset());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("quantapilot.agents.command.preset: " + ex.getMessage());
		}
		List<String> template = List.of();
		String command;
		OutputFormat format = preset.format();
		if (preset == CommandPreset.CUSTOM) {
			if (blank(settings.template())) {
				throw new IllegalArgumentException("the custom preset needs quantapilot.agents.command.template,"
						+ " e.g. \"my-agent --dir {workspace} {prompt}\"");
			}
			template = CommandLine.split(settings.template());
			if (template.isEmpty() || template.stream().noneMatch(word -> word.contains("{prompt}"))) {
				throw new IllegalArgumentException("quantapilot.agents.command.template must pass the task with a"
						+ " {prompt} placeholder");
			}
			if (template.get(0).contains("{")) {
				throw new IllegalArgumentException("quantapilot.agents.command.template must start with the command");
			}
			command = !blank(settings.command()) ? settings.command().strip() : template.get(0);
			try {
				format = OutputFormat.fromWireName(settings.output());
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("quantapilot.agents.command.output: " + ex.getMessage());
			}
		}
		else {
			command = !blank(settings.command()) ? settings.command().strip() : preset.binary();
		}
		Optional<Path> binary = Executables.find(command, serverEnvironment.get("PATH"));
		if (binary.isEmpty()) {
			throw new IllegalArgumentException("the " + preset.wireName() + " command '" + command
					+ "' was not found on the PATH or is not executable; install it or set"
					+ " quantapilot.agents.command.command");
		}
		return new Resolved(preset, format, template, binary.get());
	}

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}

}
