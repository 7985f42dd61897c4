package io.quantapilot.agents.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

import io.quantapilot.agents.AgentSettings;

import org.springframework.stereotype.Component;

/** Costs from the price table of {@code quantapilot.agents.pricing}; unknown models cost 0 and are flagged. */
@Component
public class Pricing {

	private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

	private final AgentSettings settings;

	Pricing(AgentSettings settings) {
		this.settings = settings;
	}

	/** A cost and whether the model was found in the price table. */
	public record Cost(BigDecimal usd, boolean priced) {
	}

	public Cost cost(String model, long input, long output, long cached) {
		AgentSettings.Price price = price(model);
		if (price == null) {
			return new Cost(BigDecimal.ZERO, false);
		}
		// Cached input tokens are billed at the cached rate instead of the input rate.
		long uncached = Math.max(0, input - cached);
		BigDecimal usd = rate(price.input()).multiply(BigDecimal.valueOf(uncached))
			.add(rate(price.output()).multiply(BigDecimal.valueOf(output)))
			.add(rate(price.cached() != null ? price.cached() : price.input()).multiply(BigDecimal.valueOf(cached)))
			.divide(MILLION, 6, RoundingMode.HALF_UP);
		return new Cost(usd, true);
	}

	/** A rough cost of {@code tokens} for a model: 3 parts input to 1 part output. */
	public BigDecimal estimate(String model, long tokens) {
		return cost(model, tokens * 3 / 4, tokens / 4, 0).usd();
	}

	private AgentSettings.Price price(String model) {
		if (model == null) {
			return null;
		}
		AgentSettings.Price exact = settings.pricing().get(model);
		if (exact != null) {
			return exact;
		}
		String lower = model.toLowerCase(Locale.ROOT);
		return settings.pricing().get(lower);
	}

	private static BigDecimal rate(BigDecimal value) {
		return value != null ? value : BigDecimal.ZERO;
	}

}
