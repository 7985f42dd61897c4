package io.quantapilot.notifications.telegram;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TelegramTextUnitTests {

	@Test
	void escapesTheCharactersHtmlParseModeReserves() {
		assertThat(TelegramText.escape("<b>Tom & \"Jerry\"</b>")).isEqualTo("&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;");
		assertThat(TelegramText.escape(null)).isEmpty();
	}

	@Test
	void shortTextStaysOneMessage() {
		assertThat(TelegramText.split("<b>hello</b>\nworld", TelegramText.LIMIT)).containsExactly("<b>hello</b>\nworld");
	}

	@Test
	void longTextIsSplitAtLineBreaksUnderTheLimit() {
		String line = "<b>x</b> " + "a".repeat(2990);
		String text = line + "\n" + line + "\n" + line;
		List<String> parts = TelegramText.split(text, TelegramText.LIMIT);
		assertThat(parts).hasSize(3).allSatisfy(p -> assertThat(p).hasSizeLessThanOrEqualTo(TelegramText.LIMIT));
		assertThat(String.join("\n", parts)).isEqualTo(text);
	}

	@Test
	void anOverlongLineIsCutOutsideEntitiesAndTags() {
		String line = "&amp;".repeat(2000) + "<code>" + "b".repeat(50) + "</code>";
		List<String> parts = TelegramText.split(line, 4096);
		assertThat(parts.size()).isGreaterThan(1);
		for (String part : parts) {
			assertThat(part.length()).isLessThanOrEqualTo(4096);
			assertThat(part.lastIndexOf('&')).isLessThan(Math.max(part.lastIndexOf(';'), 0) + 1);
			assertThat(part.lastIndexOf('<')).isLessThanOrEqualTo(Math.max(part.lastIndexOf('>'), -1));
		}
		assertThat(String.join("", parts)).isEqualTo(line);
	}

	@Test
	void shortensAndFormatsTimes() {
		assertThat(TelegramText.shorten("abcdefghij", 5)).isEqualTo("abcd…");
		assertThat(TelegramText.time("2026-01-02T03:04:05Z")).isEqualTo("2026-01-02 03:04 UTC");
	}

}
