package io.quantapilot.identity;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Identity settings.
 *
 * @param adminApiKey on first start, the admin API key to create instead of a random one (for automation)
 * @param rateLimitPerMinute requests per minute allowed per API key
 * @param keyLifetime lifetime of newly created API keys; zero means they do not expire
 */
@ConfigurationProperties("quantapilot.identity")
public record IdentitySettings(String adminApiKey, @DefaultValue("600") int rateLimitPerMinute,
		@DefaultValue("0s") Duration keyLifetime) {
}
