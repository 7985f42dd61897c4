package io.quantapilot.notifications.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code notification_outbox} table. Statuses: {@code pending} → {@code sending} (leased to one sender)
 * → {@code delivered}; or back to {@code pending} with a later {@code available_at} (retry), or
 * {@code failed} / {@code cancelled}. Every state change after a claim names the lease owner, so a sender
 * that lost its lease cannot overwrite what its successor did.
 */
@Repository
public class Outbox {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private static final String RETURNING = """
			RETURNING *, (SELECT e.occurred_at FROM notification_events e
			    WHERE e.id = notification_outbox.event_id) AS occurred_at""";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	Outbox(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** Queues a notification of a journalled event; a second insert for the same target does nothing. */
	boolean insert(UUID eventId, String event, String channel, String recipient, Map<String, Object> payload,
			int maxAttempts) {
		return jdbc.sql("""
				INSERT INTO notification_outbox (id, event_id, event, channel, recipient, payload, max_attempts)
				VALUES (:id, :event_id, :event, :channel, :recipient, CAST(:payload AS jsonb), :max)
				ON CONFLICT (event_id, event, channel, recipient) DO NOTHING""")
			.param("id", UUID.randomUUID())
			.param("event_id", eventId)
			.param("event", event)
			.param("channel", channel)
			.param("recipient", recipient)
			.param("payload", json.writeValueAsString(payload))
			.param("max", maxAttempts)
			.update() == 1;
	}

	/** Queues a message that belongs to no journalled event (a reply to a chat). */
	public UUID enqueue(String channel, String recipient, String event, Map<String, Object> payload,
			int maxAttempts) {
		UUID id = UUID.randomUUID();
		jdbc.sql("""
				INSERT INTO notification_outbox (id, event, channel, recipient, payload, max_attempts)
				VALUES (:id, :event, :channel, :recipient, CAST(:payload AS jsonb), :max)""")
			.param("id", id)
			.param("event", event)
			.param("channel", channel)
			.param("recipient", recipient)
			.param("payload", json.writeValueAsString(payload))
			.param("max", maxAttempts)
			.update();
		return id;
	}

	/**
	 * Leases up to {@code limit} due notifications: pending ones whose time has come and leased ones whose
	 * lease expired (their sender died). Only the oldest unfinished notification of each recipient on each
	 * channel qualifies, so a chat or an endpoint receives its notifications in order. {@code SKIP LOCKED}
	 * lets several senders claim side by side.
	 */
	List<OutboxItem> claim(String owner, Duration lease, int limit) {
		return jdbc.sql("""
				UPDATE notification_outbox SET status = 'sending', lease_owner = :owner,
				    lease_expires_at = now() + make_interval(secs => :lease), attempts = attempts + 1,
				    updated_at = now()
				WHERE id IN (
				    SELECT o.id FROM notification_outbox o
				    WHERE ((o.status = 'pending' AND o.available_at <= now())
				        OR (o.status = 'sending' AND o.lease_expires_at < now()))
				      AND NOT EXISTS (SELECT 1 FROM notification_outbox earlier
				          WHERE earlier.channel = o.channel AND earlier.recipient = o.recipient
				            AND earlier.status IN ('pending', 'sending') AND earlier.seq < o.seq)
				    ORDER BY o.seq LIMIT :limit FOR UPDATE SKIP LOCKED)
				""" + RETURNING)
			.param("owner", owner)
			.param("lease", (double) lease.toSeconds())
			.param("limit", limit)
			.query(this::item)
			.list();
	}

	boolean markDelivered(UUID id, String owner) {
		return jdbc.sql("""
				UPDATE notification_outbox SET status = 'delivered', delivered_at = now(), lease_owner = NULL,
				    lease_expires_at = NULL, last_error = NULL, updated_at = now()
				WHERE id = :id AND lease_owner = :owner AND status = 'sending'""")
			.param("id", id)
			.param("owner", owner)
			.update() == 1;
	}

	/** Back to the queue until {@code at}; {@code refund} gives the attempt back (the channel asked to wait). */
	boolean retryAt(UUID id, String owner, Instant at, String error, boolean refund) {
		return jdbc.sql("""
				UPDATE notification_outbox SET status = 'pending', available_at = :at, last_error = :error,
				    attempts = CASE WHEN :refund THEN greatest(attempts - 1, 0) ELSE attempts END,
				    lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
				WHERE id = :id AND lease_owner = :owner AND status = 'sending'""")
			.param("id", id)
			.param("owner", owner)
			.param("at", Timestamp.from(at))
			.param("error", truncate(error))
			.param("refund", refund)
			.update() == 1;
	}

	boolean finish(UUID id, String owner, String status, String error) {
		return jdbc.sql("""
				UPDATE notification_outbox SET status = :status, last_error = :error, lease_owner = NULL,
				    lease_expires_at = NULL, updated_at = now()
				WHERE id = :id AND lease_owner = :owner AND status = 'sending'""")
			.param("id", id)
			.param("owner", owner)
			.param("status", status)
			.param("error", truncate(error))
			.update() == 1;
	}

	boolean recordProgress(UUID id, String owner, int parts) {
		return jdbc.sql("""
				UPDATE notification_outbox SET progress = :parts, updated_at = now(),
				    lease_expires_at = greatest(lease_expires_at, now() + interval '30 seconds')
				WHERE id = :id AND lease_owner = :owner AND status = 'sending'""")
			.param("id", id)
			.param("owner", owner)
			.param("parts", parts)
			.update() == 1;
	}

	/** Cancels what is still queued for a recipient (a disabled webhook, an unlinked chat). */
	public int cancelQueued(String channel, String recipient, String reason) {
		return jdbc.sql("""
				UPDATE notification_outbox SET status = 'cancelled', last_error = :reason, updated_at = now()
				WHERE channel = :channel AND recipient = :recipient AND status = 'pending'""")
			.param("channel", channel)
			.param("recipient", recipient)
			.param("reason", reason)
			.update();
	}

	/** Releases leases of senders known to be dead, so their notifications go out now. */
	int releaseLeasesOf(List<String> deadOwners) {
		if (deadOwners.isEmpty()) {
			return 0;
		}
		return jdbc.sql("""
				UPDATE notification_outbox SET status = 'pending', lease_owner = NULL, lease_expires_at = NULL,
				    available_at = now(), updated_at = now()
				WHERE status = 'sending' AND lease_owner IN (:owners)""")
			.param("owners", deadOwners)
			.update();
	}

	List<String> leaseOwners() {
		return jdbc.sql("""
				SELECT DISTINCT lease_owner FROM notification_outbox
				WHERE status = 'sending' AND lease_owner IS NOT NULL""").query(String.class).list();
	}

	/** Notifications by channel and status, for the pending gauge. */
	Map<String, Long> countUnfinishedByChannel() {
		Map<String, Long> counts = new LinkedHashMap<>();
		jdbc.sql("""
				SELECT channel, count(*) AS n FROM notification_outbox WHERE status IN ('pending', 'sending')
				GROUP BY channel""").query((rs, i) -> counts.put(rs.getString("channel"), rs.getLong("n"))).list();
		return counts;
	}

	/** The newest notifications, optionally of one channel and status (for operators). */
	public List<OutboxItem> recent(String channel, String status, int limit) {
		return jdbc.sql("""
				SELECT o.*, e.occurred_at FROM notification_outbox o
				LEFT JOIN notification_events e ON e.id = o.event_id
				WHERE (CAST(:channel AS varchar) IS NULL OR o.channel = :channel)
				  AND (CAST(:status AS varchar) IS NULL OR o.status = :status)
				ORDER BY o.seq DESC LIMIT :limit""")
			.param("channel", channel)
			.param("status", status)
			.param("limit", limit)
			.query(this::item)
			.list();
	}

	/** The last error recorded for a notification (operators and tests read why it is waiting). */
	public String lastError(UUID id) {
		return jdbc.sql("SELECT last_error FROM notification_outbox WHERE id = :id")
			.param("id", id)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	private OutboxItem item(ResultSet rs, int row) throws SQLException {
		Timestamp occurred = rs.getTimestamp("occurred_at");
		Timestamp created = rs.getTimestamp("created_at");
		return new OutboxItem(rs.getObject("id", UUID.class), rs.getLong("seq"), rs.getObject("event_id", UUID.class),
				rs.getString("event"), rs.getString("channel"), rs.getString("recipient"),
				json.readValue(rs.getString("payload"), MAP), rs.getString("status"), rs.getInt("attempts"),
				rs.getInt("max_attempts"), rs.getInt("progress"),
				occurred != null ? occurred.toInstant() : created.toInstant(), created.toInstant());
	}

	private static String truncate(String text) {
		return text == null || text.length() <= 2000 ? text : text.substring(0, 2000);
	}

}
