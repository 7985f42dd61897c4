package io.quantapilot.notifications.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import io.quantapilot.common.Housekeeping;
import io.quantapilot.common.RetentionSettings;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deletes finished notifications (delivered, given up or cancelled outbox rows, then journal entries no row
 * refers to), webhook delivery attempts, handled Telegram updates, and link tokens long expired. Pending and
 * sending rows are never touched. A link token is deleted only once it expired, never merely because it was
 * used: its row is what keeps a used link from working twice.
 */
@Component
class NotificationsHousekeeping implements Housekeeping {

	private final JdbcClient jdbc;

	NotificationsHousekeeping(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	@Transactional
	public List<Purged> purge(Instant now, RetentionSettings retention) {
		Timestamp old = Timestamp.from(now.minus(retention.notifications()));
		Timestamp expired = Timestamp.from(now.minus(retention.linkTokens()));
		String kept = "finished more than " + RetentionSettings.words(retention.notifications()) + " ago";
		long outbox = jdbc.sql("""
				DELETE FROM notification_outbox
				WHERE status IN ('delivered', 'failed', 'cancelled') AND updated_at < :old""")
			.param("old", old)
			.update();
		long journal = jdbc.sql("""
				DELETE FROM notification_events e
				WHERE e.dispatched_at IS NOT NULL AND e.dispatched_at < :old
				  AND NOT EXISTS (SELECT 1 FROM notification_outbox o WHERE o.event_id = e.id)""")
			.param("old", old)
			.update();
		long deliveries = jdbc.sql("DELETE FROM webhook_deliveries WHERE at < :old").param("old", old).update();
		long updates = jdbc.sql("DELETE FROM telegram_updates WHERE received_at < :old").param("old", old).update();
		long codes = jdbc.sql("DELETE FROM telegram_link_codes WHERE expires_at < :expired")
			.param("expired", expired)
			.update();
		long links = jdbc.sql("DELETE FROM email_decision_links WHERE expires_at < :expired")
			.param("expired", expired)
			.update();
		String expiredWords = "expired more than " + RetentionSettings.words(retention.linkTokens()) + " ago";
		return List.of(new Purged("notifications.outbox", outbox, kept),
				new Purged("notifications.events", journal, kept),
				new Purged("notifications.webhook_deliveries", deliveries, kept),
				new Purged("notifications.telegram_updates", updates, kept),
				new Purged("notifications.telegram_link_codes", codes, expiredWords),
				new Purged("notifications.email_decision_links", links, expiredWords));
	}

}
