package io.quantapilot.agents.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How an agent CLI reports on standard output, and the parser for it. */
enum OutputFormat {

	TEXT("text"), CURSOR("cursor-stream-json"), CLAUDE("claude-stream-json"), CODEX("codex-jsonl"),
	GEMINI("gemini-stream-json");

	private final String wireName;

	OutputFormat(String wireName) {
		this.wireName = wireName;
	}

	String wireName() {
		return wireName;
	}

	AgentStream parser(String provider, EventLog log, StuckDetector stuck, UsageMeter meter) {
		return switch (this) {
			case TEXT -> new TextStream(provider, log, stuck, meter);
			case CURSOR -> new CursorStream(provider, log, stuck, meter);
			case CLAUDE -> new ClaudeStream(provider, log, stuck, meter);
			case CODEX -> new CodexStream(provider, log, stuck, meter);
			case GEMINI -> new GeminiStream(provider, log, stuck, meter);
		};
	}

	static OutputFormat fromWireName(String value) {
		if (value == null || value.isBlank()) {
			return TEXT;
		}
		String name = value.strip().toLowerCase(Locale.ROOT);
		return Arrays.stream(values())
			.filter(f -> f.wireName.equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("unknown output format '" + value + "' (known: "
					+ Arrays.stream(values()).map(OutputFormat::wireName).collect(Collectors.joining(", ")) + ")"));
	}

}
