package io.quantapilot.notifications.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quantapilot.notifications.NotificationSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fans journalled events out into the outbox: for each event, each available channel names its
 * recipients, and one outbox row per recipient is inserted in the same transaction that marks the event
 * dispatched — so every recipient gets one notification per event, however often this runs.
 */
@Component
class Dispatcher {

	private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final TransactionTemplate tx;

	private final NotificationContent content;

	private final Outbox outbox;

	private final List<ChannelDelivery> channels;

	private final NotificationSettings settings;

	Dispatcher(JdbcClient jdbc, JsonMapper json, TransactionTemplate tx, NotificationContent content, Outbox outbox,
			List<ChannelDelivery> channels, NotificationSettings settings) {
		this.jdbc = jdbc;
		this.json = json;
		this.tx = tx;
		this.content = content;
		this.outbox = outbox;
		this.channels = channels;
		this.settings = settings;
	}

	/** Dispatches up to {@code limit} journalled events, oldest first; returns how many were dispatched. */
	int dispatch(int limit) {
		List<UUID> ids = jdbc.sql("""
				SELECT id FROM notification_events WHERE dispatched_at IS NULL ORDER BY seq LIMIT :limit""")
			.param("limit", limit)
			.query(UUID.class)
			.list();
		int dispatched = 0;
		for (UUID id : ids) {
			try {
				Boolean done = tx.execute(status -> dispatchOne(id));
				dispatched += Boolean.TRUE.equals(done) ? 1 : 0;
			}
			catch (RuntimeException ex) {
				// A broken event must not hold up those behind it: it is set aside with the reason.
				log.error("Notification event {} could not be dispatched: {}", id, ex.getMessage(), ex);
				jdbc.sql("""
						UPDATE notification_events SET dispatched_at = now(), dispatch_error = :error
						WHERE id = :id AND dispatched_at IS NULL""")
					.param("id", id)
					.param("error", String.valueOf(ex.getMessage()))
					.update();
			}
		}
		return dispatched;
	}

	private boolean dispatchOne(UUID id) {
		JournalEntry entry = jdbc.sql("""
				SELECT * FROM notification_events WHERE id = :id AND dispatched_at IS NULL FOR UPDATE SKIP LOCKED""")
			.param("id", id)
			.query(this::entry)
			.optional()
			.orElse(null);
		if (entry == null) {
			return false;
		}
		List<ChannelDelivery> available = channels.stream().filter(ChannelDelivery::available).toList();
		if (!available.isEmpty()) {
			for (String event : content.events(entry)) {
				Map<String, Object> data = content.data(event, entry);
				for (ChannelDelivery channel : available) {
					for (ChannelDelivery.Target target : channel.route(event, data, entry.occurredAt())) {
						outbox.insert(entry.id(), event, channel.channel(), target.recipient(), target.payload(),
								settings.maxAttempts());
					}
				}
			}
		}
		jdbc.sql("UPDATE notification_events SET dispatched_at = now() WHERE id = :id").param("id", id).update();
		return true;
	}

	private JournalEntry entry(ResultSet rs, int row) throws SQLException {
		return new JournalEntry(rs.getObject("id", UUID.class), rs.getLong("seq"), rs.getString("source"),
				rs.getObject("project_id", UUID.class), rs.getObject("decision_id", UUID.class),
				json.readValue(rs.getString("data"), MAP), rs.getTimestamp("occurred_at").toInstant());
	}

}
