package io.quantapilot.dashboard.internal;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The log cursor (the SSE event id) and the usage rows behind the bar tables. */
class LiveValuesUnitTests {

	@Test
	void aCursorIsWrittenAsRunDotSequenceAndReadBack() {
		assertThat(new LogCursor(2, 17)).hasToString("2.17");
		assertThat(LogCursor.parse("2.17")).contains(new LogCursor(2, 17));
		assertThat(LogCursor.parse(" 0.0 ")).contains(LogCursor.START);
	}

	@Test
	void anythingElseIsNoCursor() {
		for (String text : new String[] { null, "", "2", "2.", ".3", "-1.2", "1.2.3", "a.b", "1234567.1", "1.1234567890" }) {
			assertThat(LogCursor.parse(text)).as(String.valueOf(text)).isEmpty();
		}
	}

	@Test
	void barsAreScaledByCostWhenAnythingCostMoney() {
		List<UsageRow> rows = UsageRow.of(List.of(group("architect", 1_000, "0.50"), group("developer", 9_000, "2.00")));
		assertThat(UsageRow.scaledByCost(rows)).isTrue();
		assertThat(rows).extracting(UsageRow::percent).containsExactly(25, 100);
		assertThat(rows.get(1).tokens()).isEqualTo(9_000);
		assertThat(rows.get(1).costUsd()).isEqualByComparingTo("2.00");
	}

	@Test
	void freeRunsAreScaledByTokensAndTinyOnesStillShow() {
		List<UsageRow> rows = UsageRow.of(List.of(group("offline", 1, "0"), group("other", 1_000, "0"),
				group("idle", 0, "0")));
		assertThat(UsageRow.scaledByCost(rows)).isFalse();
		assertThat(rows).extracting(UsageRow::percent).containsExactly(1, 100, 0);
	}

	@Test
	void labelsAndLinksComeFromTheCaller() {
		List<UsageRow> rows = UsageRow.of(List.of(group("42", 10, "0")), key -> "project " + key,
				key -> "/projects/" + key);
		assertThat(rows.get(0).label()).isEqualTo("project 42");
		assertThat(rows.get(0).href()).isEqualTo("/projects/42");
		assertThat(UsageRow.of(List.of())).isEmpty();
	}

	private static Map<String, Object> group(String name, long tokens, String cost) {
		return Map.of("group", name, "runs", 1L, "total_tokens", tokens, "cost_usd", new BigDecimal(cost), "estimated",
				true);
	}

}
