package io.quantapilot.quality.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class OutputCaptureUnitTests {

	@Test
	void keepsSmallOutputWhole() throws InterruptedException {
		List<String> lines = new ArrayList<>();
		OutputCapture capture = drain("one\ntwo\r\nthree", 1024, lines);

		assertThat(capture.text()).isEqualTo("one\ntwo\r\nthree");
		assertThat(capture.truncated()).isFalse();
		assertThat(lines).containsExactly("one", "two\r", "three");
	}

	@Test
	void keepsHeadAndTailAndMarksTheGap() throws InterruptedException {
		StringBuilder output = new StringBuilder();
		for (int i = 1; i <= 2000; i++) {
			output.append("line ").append(i).append('\n');
		}
		List<String> lines = new ArrayList<>();
		OutputCapture capture = drain(output.toString(), 1000, lines);

		String text = capture.text();
		assertThat(capture.truncated()).isTrue();
		assertThat(text).startsWith("line 1\nline 2\n").endsWith("line 1999\nline 2000\n").contains("bytes of output omitted");
		assertThat(text.getBytes(StandardCharsets.UTF_8).length).isLessThan(1100);
		// Parsing sees every line, not just the kept ones.
		assertThat(lines).hasSize(2000).contains("line 1000");
	}

	@Test
	void neverSplitsMultiByteCharacters() throws InterruptedException {
		String output = "é".repeat(3000);
		OutputCapture capture = drain(output, 301, new ArrayList<>());

		String text = capture.text();
		assertThat(text).doesNotContain("\uFFFD");
		assertThat(text.replaceAll("\n\\[\\.\\.\\. \\d+ bytes of output omitted \\.\\.\\.\\]\n", "")).matches("é+");
	}

	@Test
	void keepsMultiByteCharacterAcrossHeadAndTailWhenNothingIsDropped() throws InterruptedException {
		// Head is 64 bytes: the 33rd "é" straddles head and tail.
		String output = "x" + "é".repeat(60);
		OutputCapture capture = drain(output, 256, new ArrayList<>());

		assertThat(capture.text()).isEqualTo(output);
	}

	private static OutputCapture drain(String output, int maxBytes, List<String> lines) throws InterruptedException {
		OutputCapture capture = new OutputCapture(new ByteArrayInputStream(output.getBytes(StandardCharsets.UTF_8)), maxBytes,
				lines::add);
		capture.run();
		assertThat(capture.awaitEnd(1000)).isTrue();
		return capture;
	}

}
