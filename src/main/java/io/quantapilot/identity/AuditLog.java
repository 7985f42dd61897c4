package io.quantapilot.identity;

import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Append-only record of who did what (decisions, cancellations, key changes, escalations). */
@Service
public class AuditLog {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	AuditLog(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	public void record(String actor, String action, String targetType, String targetId, Map<String, ?> details) {
		jdbc.sql("""
				INSERT INTO audit_log (actor, action, target_type, target_id, details)
				VALUES (:actor, :action, :type, :id, CAST(:details AS jsonb))""")
			.param("actor", actor)
			.param("action", action)
			.param("type", targetType)
			.param("id", targetId)
			.param("details", json.writeValueAsString(details))
			.update();
	}

	/** Entries about one target, oldest first. */
	public java.util.List<Entry> entriesFor(String targetType, String targetId) {
		return jdbc.sql("""
				SELECT at, actor, action, details FROM audit_log WHERE target_type = :type AND target_id = :id
				ORDER BY id""")
			.param("type", targetType)
			.param("id", targetId)
			.query((rs, i) -> new Entry(rs.getTimestamp("at").toInstant(), rs.getString("actor"),
					rs.getString("action"), rs.getString("details")))
			.list();
	}

	/** One audit entry; {@code details} is JSON. */
	public record Entry(java.time.Instant at, String actor, String action, String details) {
	}

}
