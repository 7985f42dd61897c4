package io.quantapilot.forge;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Forge settings.
 *
 * @param owner owner (namespace) of the repositories the local forge creates
 * @param botName author name of the platform's commits
 * @param botEmail author e-mail of the platform's commits
 * @param releaseTag tag given to the release at the end of a project
 */
@ConfigurationProperties("quantapilot.forge")
public record ForgeSettings(@DefaultValue("quantapilot") String owner, @DefaultValue("QuantaPilot") String botName,
		@DefaultValue("bot@quantapilot.local") String botEmail, @DefaultValue("v1.0.0") String releaseTag) {
}
