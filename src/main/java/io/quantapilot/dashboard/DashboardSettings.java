package io.quantapilot.dashboard;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Dashboard settings.
 *
 * @param livePollInterval how often live pages look for new log lines and changes
 * @param streamTimeout how long one server-sent event stream stays open (browsers reconnect by themselves)
 * @param pageSize projects per page of the projects list
 */
@ConfigurationProperties("quantapilot.dashboard")
public record DashboardSettings(@DefaultValue("1s") Duration livePollInterval,
		@DefaultValue("5m") Duration streamTimeout, @DefaultValue("25") int pageSize) {
}
