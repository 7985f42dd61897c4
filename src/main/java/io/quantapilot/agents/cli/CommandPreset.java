package io.quantapilot.agents.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The agent CLIs the {@code command} provider knows, with the headless invocation each documents (see
 * {@code specs/agent-protocols.md}), the output format it reports in, and the environment variables it needs from
 * the server (its API keys and endpoints).
 */
enum CommandPreset {

	/** Claude Code: {@code claude -p <prompt> --output-format stream-json --verbose} (stream-json needs verbose). */
	CLAUDE_CODE("claude-code", "claude", OutputFormat.CLAUDE, List.of("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN",
			"ANTHROPIC_BASE_URL", "CLAUDE_CODE_OAUTH_TOKEN", "CLAUDE_CODE_USE_BEDROCK", "CLAUDE_CODE_USE_VERTEX",
			"CLAUDE_CONFIG_DIR")),

	/** OpenAI Codex: {@code codex exec --json … <prompt>} (JSONL events), writing only inside the workspace. */
	CODEX("codex", "codex", OutputFormat.CODEX, List.of("CODEX_API_KEY", "OPENAI_API_KEY", "OPENAI_BASE_URL",
			"CODEX_HOME")),

	/** Aider: {@code aider --message <prompt> --yes-always --no-auto-commits} (plain text). */
	AIDER("aider", "aider", OutputFormat.TEXT, List.of("OPENAI_API_KEY", "OPENAI_API_BASE", "ANTHROPIC_API_KEY",
			"GEMINI_API_KEY", "OPENROUTER_API_KEY", "DEEPSEEK_API_KEY", "OLLAMA_API_BASE", "AIDER_*")),

	/** Gemini CLI: {@code gemini -p <prompt> --output-format stream-json} (JSONL events). */
	GEMINI("gemini", "gemini", OutputFormat.GEMINI, List.of("GEMINI_API_KEY", "GOOGLE_API_KEY", "GOOGLE_CLOUD_PROJECT",
			"GOOGLE_CLOUD_LOCATION", "GOOGLE_GENAI_USE_VERTEXAI", "GOOGLE_APPLICATION_CREDENTIALS")),

	/** Any command from {@code quantapilot.agents.command.template}. */
	CUSTOM("custom", null, OutputFormat.TEXT, List.of());

	private final String wireName;

	private final String binary;

	private final OutputFormat format;

	private final List<String> environment;

	CommandPreset(String wireName, String binary, OutputFormat format, List<String> environment) {
		this.wireName = wireName;
		this.binary = binary;
		this.format = format;
		this.environment = environment;
	}

	String wireName() {
		return wireName;
	}

	/** The binary's usual name, or null for {@link #CUSTOM}. */
	String binary() {
		return binary;
	}

	OutputFormat format() {
		return format;
	}

	/** The server's environment variables the tool gets. */
	List<String> environment() {
		return environment;
	}

	/** The variables that hold credentials, for the configuration check. */
	List<String> credentials() {
		return environment.stream().filter(name -> name.contains("KEY") || name.contains("TOKEN")).toList();
	}

	/**
	 * The command line of a preset (not {@link #CUSTOM}).
	 *
	 * @param binary the binary's absolute path
	 * @param prompt the prompt
	 * @param workspace the workspace's absolute path
	 * @param model the model, or null for the tool's default
	 * @param extra extra arguments from the configuration
	 */
	CommandLine.Built commandLine(String binary, String prompt, String workspace, String model, List<String> extra) {
		List<CommandLine.Option> options = new ArrayList<>();
		List<String> argv = new ArrayList<>();
		argv.add(binary);
		int promptIndex;
		boolean withModel = model != null && !model.isBlank();
		switch (this) {
			case CLAUDE_CODE -> {
				// The prompt right after -p: --allowedTools and similar options take several values and
				// would swallow a prompt placed after them.
				argv.add("-p");
				promptIndex = argv.size();
				argv.add(prompt);
				// The parser needs stream-json, and stream-json with -p needs --verbose: not replaceable.
				argv.addAll(List.of("--output-format", "stream-json", "--verbose"));
				// Edits are allowed without asking; shell commands stay denied unless the operator widens
				// it (extra-args such as --permission-mode=bypassPermissions or --allowedTools=Bash).
				options.add(CommandLine.Option.of("--permission-mode", "acceptEdits")
					.aliases("--dangerously-skip-permissions"));
				if (withModel) {
					options.add(CommandLine.Option.of("--model", model));
				}
				argv.addAll(CommandLine.options(options, extra));
			}
			case CODEX -> {
				argv.addAll(List.of("exec", "--json"));
				// exec defaults to a read-only sandbox; the agent has to write the workspace, and only it.
				options.add(CommandLine.Option.of("--sandbox", "workspace-write")
					.aliases("-s", "--dangerously-bypass-approvals-and-sandbox", "--yolo", "--full-auto"));
				options.add(CommandLine.Option.of("--skip-git-repo-check"));
				options.add(CommandLine.Option.of("--cd", workspace).aliases("-C"));
				if (withModel) {
					options.add(CommandLine.Option.of("--model", model).aliases("-m"));
				}
				argv.addAll(CommandLine.options(options, extra));
				promptIndex = argv.size();
				argv.add(prompt);
			}
			case AIDER -> {
				argv.add("--message");
				promptIndex = argv.size();
				argv.add(prompt);
				options.add(CommandLine.Option.of("--yes-always").aliases("--yes"));
				// The platform commits each stage itself, with its own message.
				options.add(CommandLine.Option.of("--no-auto-commits").aliases("--auto-commits"));
				options.add(CommandLine.Option.of("--no-dirty-commits").aliases("--dirty-commits"));
				options.add(CommandLine.Option.of("--no-stream").aliases("--stream"));
				options.add(CommandLine.Option.of("--no-pretty").aliases("--pretty"));
				options.add(CommandLine.Option.of("--no-check-update").aliases("--check-update"));
				if (withModel) {
					options.add(CommandLine.Option.of("--model", model));
				}
				argv.addAll(CommandLine.options(options, extra));
			}
			case GEMINI -> {
				argv.add("-p");
				promptIndex = argv.size();
				argv.add(prompt);
				argv.addAll(List.of("--output-format", "stream-json"));
				// Headless runs cannot answer approval prompts.
				options.add(CommandLine.Option.of("--yolo").aliases("-y", "--approval-mode"));
				if (withModel) {
					options.add(CommandLine.Option.of("--model", model).aliases("-m"));
				}
				argv.addAll(CommandLine.options(options, extra));
			}
			default -> throw new IllegalStateException("the custom preset is built from its template");
		}
		return new CommandLine.Built(argv, promptIndex);
	}

	static CommandPreset fromWireName(String value) {
		String name = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
		return Arrays.stream(values())
			.filter(p -> p.wireName.equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("unknown preset '" + value + "' (known: " + known() + ")"));
	}

	static String known() {
		return Arrays.stream(values()).map(CommandPreset::wireName).collect(Collectors.joining(", "));
	}

}
