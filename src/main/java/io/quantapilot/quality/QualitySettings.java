package io.quantapilot.quality;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Quality settings.
 *
 * @param sandbox {@code auto} (bubblewrap when it works here, else none), {@code bubblewrap} or {@code none}
 * @param maxOutputBytes how much test output is kept
 */
@ConfigurationProperties("quantapilot.quality")
public record QualitySettings(@DefaultValue("auto") String sandbox, @DefaultValue("200000") int maxOutputBytes) {
}
