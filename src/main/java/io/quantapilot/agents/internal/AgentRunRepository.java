package io.quantapilot.agents.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.quantapilot.agents.AgentRole;
import io.quantapilot.agents.AgentRun;
import io.quantapilot.agents.spi.AgentOutcome;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code agent_runs} and {@code agent_run_events} tables (the token ledger). */
@Repository
public class AgentRunRepository {

	private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	AgentRunRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	public Optional<AgentRun> findByStepKey(String stepKey) {
		return jdbc.sql("SELECT * FROM agent_runs WHERE step_key = :key")
			.param("key", stepKey)
			.query(this::run)
			.optional();
	}

	/**
	 * Starts a run for the step key. An earlier unfinished or failed run of the same key (a crash, an error)
	 * keeps its record under a suffixed key, so the ledger never loses what was spent.
	 */
	public UUID start(String stepKey, UUID projectId, Integer stage, AgentRole role, String provider, String model) {
		jdbc.sql("""
				UPDATE agent_runs SET step_key = step_key || '~' || id,
				    status = CASE WHEN status = 'running' THEN 'interrupted' ELSE status END,
				    finished_at = COALESCE(finished_at, now())
				WHERE step_key = :key AND status <> 'succeeded'""").param("key", stepKey).update();
		UUID id = UUID.randomUUID();
		jdbc.sql("""
				INSERT INTO agent_runs (id, project_id, stage_number, role, provider, model, step_key, status)
				VALUES (:id, :project, :stage, :role, :provider, :model, :key, 'running')""")
			.param("model", model != null ? model : "default")
			.param("id", id)
			.param("project", projectId)
			.param("stage", stage)
			.param("role", role.wireName())
			.param("provider", provider)
			.param("key", stepKey)
			.update();
		return id;
	}

	public void appendEvent(UUID runId, String type, String message) {
		jdbc.sql("""
				INSERT INTO agent_run_events (run_id, seq, type, message)
				VALUES (:run, (SELECT COALESCE(max(seq), 0) + 1 FROM agent_run_events WHERE run_id = :run), :type, :msg)""")
			.param("run", runId)
			.param("type", type)
			.param("msg", message)
			.update();
	}

	public void succeed(UUID runId, AgentOutcome outcome) {
		jdbc.sql("""
				UPDATE agent_runs SET status = 'succeeded', summary = :summary,
				    files_written = CAST(:files AS jsonb), finished_at = now(),
				    session_id = :session, reported_cost_usd = :reportedCost
				WHERE id = :id""")
			.param("id", runId)
			.param("summary", outcome.summary())
			.param("session", abbreviate(outcome.sessionId(), 200))
			.param("reportedCost", outcome.reportedCostUsd())
			.param("files", json.writeValueAsString(outcome.filesWritten()))
			.update();
	}

	/** Sets the run's usage figures (kept current while it runs, so a crash keeps what was spent). */
	public void setUsage(UUID runId, String model, long input, long output, long cached, boolean estimated,
			java.math.BigDecimal cost, boolean priced) {
		jdbc.sql("""
				UPDATE agent_runs SET model = COALESCE(:model, model), input_tokens = :in, output_tokens = :out,
				    cached_tokens = :cached, estimated = :estimated, cost_usd = :cost, priced = :priced
				WHERE id = :id""")
			.param("id", runId)
			.param("model", model)
			.param("in", input)
			.param("out", output)
			.param("cached", cached)
			.param("estimated", estimated)
			.param("cost", cost)
			.param("priced", priced)
			.update();
	}

	/** Everything the project's runs ever used (all attempts: totals never reset). */
	public Totals totals(UUID projectId) {
		return jdbc.sql("""
				SELECT COALESCE(sum(input_tokens + output_tokens), 0) AS tokens, COALESCE(sum(cost_usd), 0) AS cost
				FROM agent_runs WHERE project_id = :p""")
			.param("p", projectId)
			.query((rs, i) -> new Totals(rs.getLong("tokens"), rs.getBigDecimal("cost")))
			.single();
	}

	/** Token and cost totals. */
	public record Totals(long tokens, java.math.BigDecimal costUsd) {
	}

	/** Marks a budget threshold as announced; true only the first time. */
	public boolean markThreshold(UUID projectId, int threshold) {
		return jdbc.sql("""
				INSERT INTO budget_alerts (project_id, threshold) VALUES (:p, :t) ON CONFLICT DO NOTHING""")
			.param("p", projectId)
			.param("t", threshold)
			.update() == 1;
	}

	/** Usage grouped by role, model, stage or day; optionally for one project. */
	public java.util.List<java.util.Map<String, Object>> usage(UUID projectId, String groupBy, java.time.Instant since) {
		String key = switch (groupBy) {
			case "role" -> "role";
			case "model" -> "model";
			case "stage" -> "COALESCE(CAST(stage_number AS varchar), 'plan')";
			case "provider" -> "provider";
			case "project" -> "CAST(project_id AS varchar)";
			default -> "to_char(date_trunc('day', started_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD')";
		};
		return jdbc.sql("SELECT " + key + " AS grp, count(*) AS runs, sum(input_tokens) AS input_tokens, "
				+ "sum(output_tokens) AS output_tokens, sum(cached_tokens) AS cached_tokens, sum(cost_usd) AS cost_usd, "
				+ "bool_or(estimated) AS estimated FROM agent_runs "
				+ "WHERE (CAST(:p AS uuid) IS NULL OR project_id = :p) AND started_at >= :since GROUP BY grp ORDER BY grp")
			.param("p", projectId)
			.param("since", java.sql.Timestamp.from(since))
			.query((rs, i) -> {
				java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
				row.put("group", rs.getString("grp"));
				row.put("runs", rs.getLong("runs"));
				row.put("input_tokens", rs.getLong("input_tokens"));
				row.put("output_tokens", rs.getLong("output_tokens"));
				row.put("cached_tokens", rs.getLong("cached_tokens"));
				row.put("total_tokens", rs.getLong("input_tokens") + rs.getLong("output_tokens"));
				row.put("cost_usd", rs.getBigDecimal("cost_usd"));
				row.put("estimated", rs.getBoolean("estimated"));
				return row;
			})
			.list();
	}

	public void reject(String stepKey, String reason) {
		jdbc.sql("""
				UPDATE agent_runs SET status = 'rejected', error = :reason, step_key = step_key || '~' || id
				WHERE step_key = :key""")
			.param("key", stepKey)
			.param("reason", reason)
			.update();
	}

	public void fail(UUID runId, String error) {
		jdbc.sql("UPDATE agent_runs SET status = 'failed', error = :error, finished_at = now() WHERE id = :id")
			.param("id", runId)
			.param("error", error)
			.update();
	}

	public Optional<AgentRun> find(UUID id) {
		return jdbc.sql("SELECT * FROM agent_runs WHERE id = :id").param("id", id).query(this::run).optional();
	}

	public List<AgentRun> forProject(UUID projectId) {
		return jdbc.sql("SELECT * FROM agent_runs WHERE project_id = :p ORDER BY started_at, id")
			.param("p", projectId)
			.query(this::run)
			.list();
	}

	public List<AgentRun.Event> events(UUID runId) {
		return jdbc.sql("SELECT * FROM agent_run_events WHERE run_id = :id ORDER BY seq")
			.param("id", runId)
			.query((rs, i) -> new AgentRun.Event(rs.getInt("seq"), rs.getTimestamp("at").toInstant(),
					rs.getString("type"), rs.getString("message")))
			.list();
	}

	public List<AgentRun.Event> events(UUID runId, int afterSeq) {
		return jdbc.sql("SELECT * FROM agent_run_events WHERE run_id = :id AND seq > :after ORDER BY seq")
			.param("id", runId)
			.param("after", afterSeq)
			.query((rs, i) -> new AgentRun.Event(rs.getInt("seq"), rs.getTimestamp("at").toInstant(),
					rs.getString("type"), rs.getString("message")))
			.list();
	}

	private AgentRun run(ResultSet rs, int row) throws SQLException {
		int stage = rs.getInt("stage_number");
		Integer stageNumber = rs.wasNull() ? null : stage;
		return new AgentRun(rs.getObject("id", UUID.class), rs.getObject("project_id", UUID.class), stageNumber,
				AgentRole.fromWireName(rs.getString("role")), rs.getString("provider"), rs.getString("model"),
				rs.getString("step_key"), rs.getString("status"), rs.getLong("input_tokens"),
				rs.getLong("output_tokens"), rs.getLong("cached_tokens"), rs.getBoolean("estimated"),
				rs.getBigDecimal("cost_usd"), rs.getString("summary"), rs.getString("error"),
				json.readValue(rs.getString("files_written"), STRINGS), instant(rs.getTimestamp("started_at")),
				instant(rs.getTimestamp("finished_at")), rs.getString("session_id"),
				rs.getBigDecimal("reported_cost_usd"));
	}

	private static String abbreviate(String text, int max) {
		return text == null || text.length() <= max ? text : text.substring(0, max);
	}

	private static Instant instant(Timestamp ts) {
		return ts != null ? ts.toInstant() : null;
	}

}
