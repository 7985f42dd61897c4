package io.quantapilot.agents.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.quantapilot.agents.AgentRequest;
import io.quantapilot.agents.AgentRole;
import io.quantapilot.agents.AgentSettings;

import org.springframework.stereotype.Component;

/**
 * Fills the role prompt templates (shipped in the jar under {@code agents/prompts/}, replaceable from
 * {@code quantapilot.agents.prompts-dir}) with bounded project context, and says what it left out.
 */
@Component
public class PromptRenderer {

	private final AgentSettings settings;

	PromptRenderer(AgentSettings settings) {
		this.settings = settings;
	}

	/** A rendered prompt and notes about the context that did not fit. */
	public record Rendered(String prompt, List<String> leftOut) {
	}

	public Rendered render(AgentRequest request) {
		List<String> leftOut = new ArrayList<>();
		Map<String, String> values = new LinkedHashMap<>();
		values.put("readme", bounded("README", request.readme(), settings.maxReadmeChars(), leftOut, false));
		String comments = request.comments() == null || request.comments().isBlank() ? ""
				: "# Comments from the people reviewing this project (follow them)\n"
						+ bounded("comments", request.comments(), 10_000, leftOut, false);
		values.put("comments", comments);
		String failures = request.failureReport() == null || request.failureReport().isBlank() ? ""
				: "# The previous attempt failed the quality gates; fix this\n"
						+ bounded("failure report", request.failureReport(), settings.maxFailureReportChars(), leftOut, true);
		values.put("failure_report", failures);
		AgentRequest.StageBrief stage = request.stage();
		values.put("stage_number", stage != null ? Integer.toString(stage.number()) : "");
		values.put("stage_name", stage != null ? stage.name() : "");
		values.put("stage_goal", stage != null ? stage.goal() : "");
		values.put("acceptance_criteria", stage == null || stage.acceptanceCriteria().isEmpty() ? "- (none given)"
				: String.join("\n", stage.acceptanceCriteria().stream().map(c -> "- " + c).toList()));
		List<String> earlier = request.earlierStages() != null ? request.earlierStages() : List.of();
		List<String> shown = earlier.size() > 20 ? earlier.subList(earlier.size() - 20, earlier.size()) : earlier;
		if (shown.size() < earlier.size()) {
			leftOut.add("earlier stages: only the last 20 of " + earlier.size() + " are described");
		}
		values.put("earlier_stages", shown.isEmpty() ? "(none: this is the first stage)" : String.join("\n", shown));
		String prompt = template(request.role());
		for (Map.Entry<String, String> value : values.entrySet()) {
			prompt = prompt.replace("{{" + value.getKey() + "}}", value.getValue());
		}
		return new Rendered(prompt.replaceAll("\n{3,}", "\n\n").strip() + "\n", leftOut);
	}

	private static String bounded(String what, String text, int max, List<String> leftOut, boolean keepTail) {
		if (text.length() <= max) {
			return text;
		}
		leftOut.add(what + ": " + (text.length() - max) + " of " + text.length() + " characters left out"
				+ (keepTail ? " (kept the end)" : " (kept the beginning)"));
		return keepTail ? "[… earlier part left out …]\n" + text.substring(text.length() - max)
				: text.substring(0, max) + "\n[… rest left out …]";
	}

	String template(AgentRole role) {
		String file = role.wireName() + ".md";
		if (settings.promptsDir() != null) {
			Path custom = settings.promptsDir().resolve(file);
			if (Files.isRegularFile(custom)) {
				try {
					return Files.readString(custom);
				}
				catch (IOException ex) {
					throw new UncheckedIOException("cannot read prompt " + custom, ex);
				}
			}
		}
		try (InputStream in = PromptRenderer.class.getResourceAsStream("/agents/prompts/" + file)) {
			if (in == null) {
				throw new IllegalStateException("built-in prompt " + file + " is missing from the jar");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
