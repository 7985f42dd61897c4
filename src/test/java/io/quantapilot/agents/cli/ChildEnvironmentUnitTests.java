package io.quantapilot.agents.cli;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChildEnvironmentUnitTests {

	@Test
	void onlyTheBaseThePassthroughAndFixedValuesReachTheChild() {
		Map<String, String> server = Map.of("PATH", "/usr/bin", "HOME", "/home/qp", "LC_ALL", "C.UTF-8",
				"QP_DATABASE_PASSWORD", "db-password-123", "ANTHROPIC_API_KEY", "sk-ant-123456789", "AIDER_MODEL", "gpt-4o",
				"OPENAI_API_KEY", "sk-openai-123456789");
		ChildEnvironment environment = ChildEnvironment.of(server, List.of("ANTHROPIC_API_KEY", "AIDER_*"),
				Map.of("CURSOR_API_KEY", "cursor-key-123456789"));

		assertThat(environment.variables()).containsOnlyKeys("PATH", "HOME", "LC_ALL", "ANTHROPIC_API_KEY",
				"AIDER_MODEL", "CURSOR_API_KEY", "NO_COLOR", "TERM");
		assertThat(environment.redactor().apply("keys sk-ant-123456789 and cursor-key-123456789, model gpt-4o"))
			.isEqualTo("keys *** and ***, model gpt-4o");
	}

}
