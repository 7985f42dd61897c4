package io.quantapilot.agents;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Agent settings ({@code quantapilot.agents.*}).
 *
 * @param defaultProvider provider used when neither the project nor the role names one
 * @param roles per-role overrides ({@code roles.architect.provider}, {@code roles.developer.model}, …)
 * @param promptsDir folder whose {@code architect.md}, {@code developer.md}, {@code qa.md} replace the built-in prompts
 * @param maxReadmeChars README characters put into a prompt; the rest is left out (and said so)
 * @param maxFailureReportChars failing-test output put into a prompt
 * @param pricing price per million tokens by model ({@code pricing.gpt-4o.input=2.5})
 * @param defaultRunTokens tokens assumed for a run when no estimate is known (budget pre-check)
 */
@ConfigurationProperties("quantapilot.agents")
public record AgentSettings(@DefaultValue("offline") String defaultProvider, Map<String, RoleSettings> roles,
		Path promptsDir, @DefaultValue("60000") int maxReadmeChars, @DefaultValue("20000") int maxFailureReportChars,
		Map<String, Price> pricing, @DefaultValue("20000") long defaultRunTokens) {

	public AgentSettings {
		roles = roles != null ? Map.copyOf(roles) : Map.of();
		pricing = pricing != null ? Map.copyOf(pricing) : Map.of();
	}

	/** Provider and model for one role; either may be null (then the next level decides). */
	public record RoleSettings(String provider, String model) {
	}

	/** USD per million input, output and cached-input tokens. */
	public record Price(BigDecimal input, BigDecimal output, BigDecimal cached) {
	}

}
