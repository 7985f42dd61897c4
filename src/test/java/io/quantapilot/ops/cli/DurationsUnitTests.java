package io.quantapilot.ops.cli;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsUnitTests {

	@Test
	void shortFormsAndIsoDurationsAreAccepted() {
		assertThat(Durations.parse("--timeout", "90s")).isEqualTo(Duration.ofSeconds(90));
		assertThat(Durations.parse("--timeout", "30m")).isEqualTo(Duration.ofMinutes(30));
		assertThat(Durations.parse("--timeout", "2h")).isEqualTo(Duration.ofHours(2));
		assertThat(Durations.parse("--timeout", "1d")).isEqualTo(Duration.ofDays(1));
		assertThat(Durations.parse("--timeout", "500ms")).isEqualTo(Duration.ofMillis(500));
		assertThat(Durations.parse("--timeout", "PT45M")).isEqualTo(Duration.ofMinutes(45));
		assertThat(Durations.parse("--timeout", "pt1h")).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void anythingElseIsAClearError() {
		for (String bad : new String[] { "soon", "", "-5m", "PT-1H", "5 parsecs" }) {
			assertThatThrownBy(() -> Durations.parse("--older-than", bad)).isInstanceOf(CliException.class)
				.hasMessageContaining("--older-than must be a duration such as 90s");
		}
	}

}
