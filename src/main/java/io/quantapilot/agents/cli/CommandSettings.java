package io.quantapilot.agents.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the {@code command} provider: another agent CLI from a preset, or any command from a template.
 *
 * @param preset {@code claude-code}, {@code codex}, {@code aider}, {@code gemini} or {@code custom}
 * @param command the binary instead of the preset's ({@code claude}, {@code codex}, {@code aider},
 *     {@code gemini}); for {@code custom} it replaces the template's first word
 * @param template the {@code custom} command line, split into words like a shell would but never run by one;
 *     {@code {prompt}}, {@code {workspace}} and {@code {model}} are replaced inside single words, so a prompt with
 *     spaces or quotes stays one argument
 * @param output how the {@code custom} command reports: {@code text} (default), {@code cursor-stream-json},
 *     {@code claude-stream-json}, {@code codex-jsonl} or {@code gemini-stream-json}
 * @param model the model when the task names none; unset: the tool's default
 * @param timeout the longest a run may take (a task's shorter timeout wins)
 * @param extraArgs more arguments for a preset, placed before its prompt argument; one that names an option the
 *     preset sets replaces it (e.g. {@code --permission-mode=plan})
 * @param envPassthrough environment variables of the server handed to the tool beside the preset's own list (names,
 *     or prefixes ending in {@code *})
 * @param env environment variables with fixed values for the tool, e.g. an API key (never logged)
 * @param resultGrace how long the tool may keep running after its final event before it is stopped
 * @param killGrace how long a stopped process tree gets between the polite and the forced kill
 * @param stuck when a run is considered stuck
 */
@ConfigurationProperties("quantapilot.agents.command")
public record CommandSettings(String preset, String command, String template, String output, String model,
		@DefaultValue("2h") Duration timeout, @DefaultValue List<String> extraArgs,
		@DefaultValue List<String> envPassthrough, @DefaultValue Map<String, String> env,
		@DefaultValue("5s") Duration resultGrace, @DefaultValue("5s") Duration killGrace,
		@DefaultValue StuckThresholds stuck) {

	@Override
	public String toString() {
		// Records print every component; the values in env are typically API keys.
		return "CommandSettings[preset=" + preset + ", command=" + command + ", template=" + template + ", output="
				+ output + ", model=" + model + ", timeout=" + timeout + ", extraArgs=" + extraArgs
				+ ", envPassthrough=" + envPassthrough + ", env=" + (env == null ? "{}" : env.keySet() + " (values hidden)")
				+ ", resultGrace=" + resultGrace + ", killGrace=" + killGrace + ", stuck=" + stuck + "]";
	}

}
