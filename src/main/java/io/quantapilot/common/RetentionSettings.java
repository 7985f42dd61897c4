package io.quantapilot.common;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long finished records are kept before {@code quantapilot maintenance daily|weekly} deletes them
 * ({@code quantapilot.retention.*}). Records still in use (live sessions, pending notifications, work of a
 * running process) are never deleted, whatever their age.
 *
 * @param sessions dashboard sessions that ended (signed out or expired) longer ago than this
 * @param linkTokens Telegram link codes and e-mail decision links that expired or were used longer ago than this
 * @param notifications delivered or given-up notifications, dispatched journal entries, webhook delivery
 *        attempts and handled Telegram updates
 * @param workItems finished work items of processes that have ended
 * @param eventLogs agent run event logs of runs that finished longer ago than this (the runs and their token
 *        figures stay: they are the usage ledger)
 * @param eventPublications completed entries of the event publication registry
 * @param webhookDeliveries GitHub webhook delivery ids kept to recognise redeliveries
 * @param workspaces working copies of completed or cancelled projects finished longer ago than this (weekly)
 */
@ConfigurationProperties("quantapilot.retention")
public record RetentionSettings(@DefaultValue("30d") Duration sessions, @DefaultValue("7d") Duration linkTokens,
		@DefaultValue("30d") Duration notifications, @DefaultValue("90d") Duration workItems,
		@DefaultValue("90d") Duration eventLogs, @DefaultValue("7d") Duration eventPublications,
		@DefaultValue("30d") Duration webhookDeliveries, @DefaultValue("14d") Duration workspaces) {

	public RetentionSettings {
		for (Duration d : new Duration[] { sessions, linkTokens, notifications, workItems, eventLogs,
				eventPublications, webhookDeliveries, workspaces }) {
			if (d.isNegative()) {
				throw new IllegalArgumentException("quantapilot.retention.* durations must not be negative");
			}
		}
	}

	/** A duration as people write it in the settings ({@code 30d}, {@code 12h}). */
	public static String words(Duration d) {
		if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
			return d.toDays() + "d";
		}
		if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) {
			return d.toHours() + "h";
		}
		return d.toMinutes() + "m";
	}

}
