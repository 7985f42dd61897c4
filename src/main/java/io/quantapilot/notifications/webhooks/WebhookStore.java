package io.quantapilot.notifications.webhooks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code webhook_subscriptions} and {@code webhook_deliveries} tables. */
@Repository
public class WebhookStore {

	private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	WebhookStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** A stored subscription; the secret stays encrypted here. */
	public record Row(UUID id, String url, List<String> events, String secretCiphertext, String description,
			String status, int consecutiveFailures, String createdBy, Instant createdAt, Instant disabledAt,
			String disabledReason, Instant lastDeliveryAt, Integer lastStatusCode) {
	}

	/** One delivery attempt as logged. */
	public record Attempt(long id, UUID notificationId, String event, int attempt, Instant at, Integer statusCode,
			boolean success, String error, long durationMs) {
	}

	public void insert(UUID id, String url, List<String> events, String secretCiphertext, String description,
			String createdBy) {
		jdbc.sql("""
				INSERT INTO webhook_subscriptions (id, url, events, secret_ciphertext, description, created_by)
				VALUES (:id, :url, CAST(:events AS jsonb), :secret, :description, :by)""")
			.param("id", id)
			.param("url", url)
			.param("events", json.writeValueAsString(events))
			.param("secret", secretCiphertext)
			.param("description", description)
			.param("by", createdBy)
			.update();
	}

	public Optional<Row> find(UUID id) {
		return jdbc.sql("SELECT * FROM webhook_subscriptions WHERE id = :id AND status <> 'deleted'")
			.param("id", id)
			.query(this::row)
			.optional();
	}

	public List<Row> list() {
		return jdbc.sql("SELECT * FROM webhook_subscriptions WHERE status <> 'deleted' ORDER BY created_at")
			.query(this::row)
			.list();
	}

	/** Active subscriptions to an event. */
	public List<Row> activeFor(String event) {
		return jdbc.sql("""
				SELECT * FROM webhook_subscriptions WHERE status = 'active' AND events @> CAST(:event AS jsonb)
				ORDER BY created_at""")
			.param("event", json.writeValueAsString(List.of(event)))
			.query(this::row)
			.list();
	}

	public boolean markDeleted(UUID id) {
		return jdbc.sql("""
				UPDATE webhook_subscriptions SET status = 'deleted', deleted_at = now()
				WHERE id = :id AND status <> 'deleted'""").param("id", id).update() == 1;
	}

	public boolean enable(UUID id) {
		return jdbc.sql("""
				UPDATE webhook_subscriptions SET status = 'active', consecutive_failures = 0, disabled_at = NULL,
				    disabled_reason = NULL
				WHERE id = :id AND status <> 'deleted'""").param("id", id).update() == 1;
	}

	/** Logs an attempt and keeps the subscription's failure streak; returns the streak after it. */
	public int recordAttempt(UUID subscriptionId, UUID notificationId, String event, int attempt, Integer statusCode,
			boolean success, String error, long durationMs) {
		jdbc.sql("""
				INSERT INTO webhook_deliveries (subscription_id, outbox_id, event, attempt, status_code, success, error,
				    duration_ms)
				VALUES (:sub, :outbox, :event, :attempt, :code, :success, :error, :ms)""")
			.param("sub", subscriptionId)
			.param("outbox", notificationId)
			.param("event", event)
			.param("attempt", attempt)
			.param("code", statusCode)
			.param("success", success)
			.param("error", error != null && error.length() > 1000 ? error.substring(0, 1000) : error)
			.param("ms", durationMs)
			.update();
		return jdbc.sql("""
				UPDATE webhook_subscriptions SET last_delivery_at = now(), last_status_code = :code,
				    consecutive_failures = CASE WHEN :success THEN 0 ELSE consecutive_failures + 1 END
				WHERE id = :sub RETURNING consecutive_failures""")
			.param("sub", subscriptionId)
			.param("code", statusCode)
			.param("success", success)
			.query(Integer.class)
			.optional()
			.orElse(0);
	}

	/** Disables an active subscription; false when it was not active. */
	public boolean disable(UUID id, String reason) {
		return jdbc.sql("""
				UPDATE webhook_subscriptions SET status = 'disabled', disabled_at = now(), disabled_reason = :reason
				WHERE id = :id AND status = 'active'""")
			.param("id", id)
			.param("reason", reason)
			.update() == 1;
	}

	public List<Attempt> attempts(UUID subscriptionId, int limit) {
		return jdbc.sql("""
				SELECT * FROM webhook_deliveries WHERE subscription_id = :sub ORDER BY id DESC LIMIT :limit""")
			.param("sub", subscriptionId)
			.param("limit", limit)
			.query((rs, i) -> {
				int code = rs.getInt("status_code");
				Integer statusCode = rs.wasNull() ? null : code;
				return new Attempt(rs.getLong("id"), rs.getObject("outbox_id", UUID.class), rs.getString("event"),
						rs.getInt("attempt"), rs.getTimestamp("at").toInstant(), statusCode, rs.getBoolean("success"),
						rs.getString("error"), rs.getLong("duration_ms"));
			})
			.list();
	}

	private Row row(ResultSet rs, int i) throws SQLException {
		int code = rs.getInt("last_status_code");
		Integer lastStatusCode = rs.wasNull() ? null : code;
		return new Row(rs.getObject("id", UUID.class), rs.getString("url"), json.readValue(rs.getString("events"), STRINGS),
				rs.getString("secret_ciphertext"), rs.getString("description"), rs.getString("status"),
				rs.getInt("consecutive_failures"), rs.getString("created_by"), instant(rs.getTimestamp("created_at")),
				instant(rs.getTimestamp("disabled_at")), rs.getString("disabled_reason"),
				instant(rs.getTimestamp("last_delivery_at")), lastStatusCode);
	}

	private static Instant instant(Timestamp ts) {
		return ts != null ? ts.toInstant() : null;
	}

}
