package io.quantapilot.agents.cli;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandLineUnitTests {

	@Test
	void templatesSplitLikeAShellWithoutBeingOne() {
		assertThat(CommandLine.split("tool --a 'two words' \"say \\\"hi\\\" $HOME\" back\\ slash  {prompt}"))
			.containsExactly("tool", "--a", "two words", "say \"hi\" $HOME", "back slash", "{prompt}");
		assertThat(CommandLine.split("a|b > c")).containsExactly("a|b", ">", "c");
		assertThatThrownBy(() -> CommandLine.split("tool 'open")).hasMessageContaining("unbalanced ' quote");
	}

	@Test
	void placeholdersStayInsideTheirWord() {
		List<String> words = CommandLine.split("tool --cwd={workspace} -m {model} --prompt {prompt}");
		CommandLine.Built built = CommandLine.fill(words, "/bin/tool", "a {model} b; $(x)", "/w s", "m1");
		assertThat(built.argv()).containsExactly("/bin/tool", "--cwd=/w s", "-m", "m1", "--prompt", "a {model} b; $(x)");
		assertThat(built.promptIndex()).isEqualTo(5);

		CommandLine.Built noModel = CommandLine.fill(words, "/bin/tool", "p", "/w", null);
		assertThat(noModel.argv()).containsExactly("/bin/tool", "--cwd=/w", "--prompt", "p");
		assertThat(noModel.promptIndex()).isEqualTo(3);
	}

	@Test
	void extraArgumentsReplaceThePresetsOptionOfTheSameName() {
		CommandLine.Built claude = CommandPreset.CLAUDE_CODE.commandLine("/bin/claude", "do it", "/w", "opus",
				List.of("--permission-mode=bypassPermissions", "--max-turns", "30"));
		assertThat(claude.argv()).containsExactly("/bin/claude", "-p", "do it", "--output-format", "stream-json",
				"--verbose", "--model", "opus", "--permission-mode=bypassPermissions", "--max-turns", "30");
		assertThat(claude.promptIndex()).isEqualTo(2);

		CommandLine.Built codex = CommandPreset.CODEX.commandLine("/bin/codex", "do it", "/w", null,
				List.of("--dangerously-bypass-approvals-and-sandbox"));
		assertThat(codex.argv()).containsExactly("/bin/codex", "exec", "--json", "--skip-git-repo-check", "--cd", "/w",
				"--dangerously-bypass-approvals-and-sandbox", "do it");
		assertThat(codex.promptIndex()).isEqualTo(7);

		CommandLine.Built gemini = CommandPreset.GEMINI.commandLine("/bin/gemini", "do it", "/w", "gemini-2.5-flash",
				List.of("--approval-mode", "auto_edit"));
		assertThat(gemini.argv()).containsExactly("/bin/gemini", "-p", "do it", "--output-format", "stream-json",
				"--model", "gemini-2.5-flash", "--approval-mode", "auto_edit");
	}

	@Test
	void secretsAndThePromptStayOutOfTheLoggedCommandLine() {
		ChildEnvironment environment = ChildEnvironment.of(java.util.Map.of(), List.of(),
				java.util.Map.of("X_KEY", "from-env-secret-value"));
		CliAgentRun.Launch launch = new CliAgentRun.Launch("t", List.of("/opt/bin/agent", "--api-key", "k-123456789",
				"--token=t-123456789", "--note", "from-env-secret-value", "the prompt"), 6, environment,
				OutputFormat.TEXT, java.time.Duration.ofMinutes(1), java.time.Duration.ofSeconds(1),
				java.time.Duration.ofSeconds(1), StuckThresholds.defaults(), null);
		assertThat(CliAgentRun.describe(launch)).isEqualTo("agent --api-key *** --token=*** --note *** <prompt>");
	}

}
