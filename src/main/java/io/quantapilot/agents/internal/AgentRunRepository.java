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
	public UUID start(String stepKey, UUID projectId, Integer stage, AgentRole role, String provider) {
		jdbc.sql("""
				UPDATE agent_runs SET step_key = step_key || '~' || id,
				    status = CASE WHEN status = 'running' THEN 'interrupted' ELSE status END,
				    finished_at = COALESCE(finished_at, now())
				WHERE step_key = :key AND status <> 'succeeded'""").param("key", stepKey).update();
		UUID id = UUID.randomUUID();
		jdbc.sql("""
				INSERT INTO agent_runs (id, project_id, stage_number, role, provider, model, step_key, status)
				VALUES (:id, :project, :stage, :role, :provider, 'unknown', :key, 'running')""")
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

	public void succeed(UUID runId, AgentOutcome outcome, java.math.BigDecimal cost) {
		jdbc.sql("""
				UPDATE agent_runs SET status = 'succeeded', model = :model, input_tokens = :in, output_tokens = :out,
				    cached_tokens = :cached, estimated = :estimated, cost_usd = :cost, summary = :summary,
				    files_written = CAST(:files AS jsonb), finished_at = now()
				WHERE id = :id""")
			.param("id", runId)
			.param("model", outcome.model())
			.param("in", outcome.inputTokens())
			.param("out", outcome.outputTokens())
			.param("cached", outcome.cachedTokens())
			.param("estimated", outcome.estimated())
			.param("cost", cost)
			.param("summary", outcome.summary())
			.param("files", json.writeValueAsString(outcome.filesWritten()))
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

	private AgentRun run(ResultSet rs, int row) throws SQLException {
		int stage = rs.getInt("stage_number");
		Integer stageNumber = rs.wasNull() ? null : stage;
		return new AgentRun(rs.getObject("id", UUID.class), rs.getObject("project_id", UUID.class), stageNumber,
				AgentRole.fromWireName(rs.getString("role")), rs.getString("provider"), rs.getString("model"),
				rs.getString("step_key"), rs.getString("status"), rs.getLong("input_tokens"),
				rs.getLong("output_tokens"), rs.getLong("cached_tokens"), rs.getBoolean("estimated"),
				rs.getBigDecimal("cost_usd"), rs.getString("summary"), rs.getString("error"),
				json.readValue(rs.getString("files_written"), STRINGS), instant(rs.getTimestamp("started_at")),
				instant(rs.getTimestamp("finished_at")));
	}

	private static Instant instant(Timestamp ts) {
		return ts != null ? ts.toInstant() : null;
	}

}
