package io.quantapilot.dashboard.web;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Where sign-in may send the browser afterwards, and how the pages write figures. */
class DashboardWebUnitTests {

	private final Formats fmt = new Formats();

	@Test
	void afterSignInOnlyPathsOfThisSiteAreFollowed() {
		assertThat(SignInController.safeNext("/projects?status=failed")).isEqualTo("/projects?status=failed");
		assertThat(SignInController.safeNext("/decisions/1")).isEqualTo("/decisions/1");
		for (String elsewhere : new String[] { null, "", "https://evil.example/", "//evil.example/x", "/\\evil.example",
				"javascript:alert(1)", "/signin?next=/", "/x\r\nSet-Cookie: a=b", "projects" }) {
			assertThat(SignInController.safeNext(elsewhere)).as(String.valueOf(elsewhere)).isEqualTo("/");
		}
	}

	@Test
	void moneyShowsCentsFromADollarAndFractionsBelow() {
		assertThat(fmt.usd(new BigDecimal("1234.5"))).isEqualTo("$1,234.50");
		assertThat(fmt.usd(new BigDecimal("0.01234"))).isEqualTo("$0.0123");
		assertThat(fmt.usd(BigDecimal.ZERO)).isEqualTo("$0.00");
		assertThat(fmt.usd((BigDecimal) null)).isEqualTo("–");
	}

	@Test
	void durationsTimesAndCounts() {
		assertThat(fmt.duration(Duration.ofSeconds(42))).isEqualTo("42 s");
		assertThat(fmt.duration(Duration.ofSeconds(125))).isEqualTo("2 min 5 s");
		assertThat(fmt.duration(Duration.ofMinutes(135))).isEqualTo("2 h 15 min");
		assertThat(fmt.duration(Duration.ofHours(50))).isEqualTo("2 d 2 h");
		assertThat(fmt.duration(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:01:00Z")))
			.isEqualTo("1 min 0 s");
		assertThat(fmt.time(Instant.parse("2026-03-04T05:06:07Z"))).isEqualTo("2026-03-04 05:06 UTC");
		assertThat(fmt.clock(Instant.parse("2026-03-04T05:06:07Z"))).isEqualTo("05:06:07");
		assertThat(fmt.tokens(1234567L)).isEqualTo("1,234,567");
		assertThat(fmt.percent(new BigDecimal("0.875"))).isEqualTo("88 %");
		assertThat(fmt.words("awaiting_approval")).isEqualTo("awaiting approval");
		assertThat(fmt.bytes(3L * 1024 * 1024 * 1024)).isEqualTo("3.0 GB");
	}

}
