package io.quantapilot.agents.internal;

import java.math.BigDecimal;
import java.util.Map;

import io.quantapilot.agents.AgentSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PricingUnitTests {

	private final Pricing pricing = new Pricing(new AgentSettings("offline", Map.of(), null, 1000, 1000,
			Map.of("gpt-4o", new AgentSettings.Price(new BigDecimal("2.50"), new BigDecimal("10.00"), new BigDecimal("1.25"))),
			20000));

	@Test
	void cachedInputIsBilledAtTheCachedRate() {
		// 1M input of which 400k cached, 100k output: 600k × 2.50 + 400k × 1.25 + 100k × 10 = 1.5 + 0.5 + 1.0
		Pricing.Cost cost = pricing.cost("gpt-4o", 1_000_000, 100_000, 400_000);
		assertThat(cost.priced()).isTrue();
		assertThat(cost.usd()).isEqualByComparingTo("3.00");
	}

	@Test
	void unknownModelsCostNothingAndAreFlagged() {
		Pricing.Cost cost = pricing.cost("my-local-llama", 1_000_000, 1_000_000, 0);
		assertThat(cost.priced()).isFalse();
		assertThat(cost.usd()).isEqualByComparingTo("0");
		assertThat(pricing.cost(null, 10, 10, 0).priced()).isFalse();
	}

	@Test
	void estimateSplitsTokensThreeToOne() {
		// 400k tokens: 300k input × 2.50 + 100k output × 10 = 0.75 + 1.00
		assertThat(pricing.estimate("gpt-4o", 400_000)).isEqualByComparingTo("1.75");
	}

}
