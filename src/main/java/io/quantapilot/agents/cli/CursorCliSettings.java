package io.quantapilot.agents.cli;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the {@code cursor-cli} provider.
 *
 * @param command the CLI binary, a name looked up on {@code PATH} or a path; unset: {@code agent}, then the older
 *     name {@code cursor-agent}
 * @param apiKey the Cursor API key, handed to the CLI as {@code CURSOR_API_KEY} (never on its command line); unset:
 *     the server's own {@code CURSOR_API_KEY}
 * @param model the model when the task names none; unset: the CLI's default
 * @param timeout the longest a run may take (a task's shorter timeout wins)
 * @param extraArgs more arguments, placed before the prompt; one that names an option the provider sets replaces it
 * @param envPassthrough more environment variables handed to the CLI (names, or prefixes ending in {@code *})
 * @param resultGrace how long the CLI may keep running after its final {@code result} event before it is stopped
 * @param killGrace how long a stopped process tree gets between the polite and the forced kill
 * @param stuck when a run is considered stuck
 */
@ConfigurationProperties("quantapilot.agents.cursor-cli")
public record CursorCliSettings(String command, String apiKey, String model, @DefaultValue("2h") Duration timeout,
		@DefaultValue List<String> extraArgs, @DefaultValue List<String> envPassthrough,
		@DefaultValue("5s") Duration resultGrace, @DefaultValue("5s") Duration killGrace,
		@DefaultValue StuckThresholds stuck) {

	@Override
	public String toString() {
		// Records print every component; the key must never reach a log line.
		return "CursorCliSettings[command=" + command + ", apiKey=" + (apiKey == null || apiKey.isBlank() ? "unset" : "***")
				+ ", model=" + model + ", timeout=" + timeout + ", extraArgs=" + extraArgs + ", envPassthrough="
				+ envPassthrough + ", resultGrace=" + resultGrace + ", killGrace=" + killGrace + ", stuck=" + stuck + "]";
	}

}
