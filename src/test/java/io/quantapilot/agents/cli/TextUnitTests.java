package io.quantapilot.agents.cli;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextUnitTests {

	@Test
	void durationsReadAsPeopleWriteThem() {
		assertThat(Text.duration(Duration.ofHours(2))).isEqualTo("2h");
		assertThat(Text.duration(Duration.ofMinutes(90))).isEqualTo("1h30m");
		assertThat(Text.duration(Duration.ofSeconds(45))).isEqualTo("45s");
		assertThat(Text.duration(Duration.ofMillis(1500))).isEqualTo("1.5s");
		assertThat(Text.duration(Duration.ZERO)).isEqualTo("0s");
	}

	@Test
	void outputIsSplitIntoLinesWithoutCarriageReturnsAndAHugeLineIsCut() throws Exception {
		List<String> lines = new ArrayList<>();
		String huge = "x".repeat(9 * 1024 * 1024);
		CliProcess.readLines(new StringReader("a\r\nb\n" + huge + "\nlast"), lines::add);
		assertThat(lines).hasSize(4);
		assertThat(lines.subList(0, 2)).containsExactly("a", "b");
		assertThat(lines.get(2)).hasSize(8 * 1024 * 1024);
		assertThat(lines.get(3)).isEqualTo("last");
	}

	@Test
	void colourCodesAreStripped() {
		assertThat(Text.stripAnsi("\u001B[1;32mApplied edit\u001B[0m to a.py")).isEqualTo("Applied edit to a.py");
	}

}
