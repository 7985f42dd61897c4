package io.quantapilot.quality;

import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.quality.internal.TestInventory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Stores gate evaluations, one row per evaluation and one per gate, in {@code quality_*} tables. */
@Repository
class QualityEvaluations {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
	};

	private static final Set<String> DECISIONS = Set.of(QualityEvaluation.OVERRIDE, QualityEvaluation.RETRY,
			QualityEvaluation.ABORT);

	private final JdbcClient jdbc;

	private final JsonMapper json;

	QualityEvaluations(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * The inventory a stage was last verified with, to compare the next attempt with.
	 *
	 * @param executionId the test execution of that attempt
	 * @param inventory its test inventory
	 */
	record PreviousAttempt(UUID executionId, TestInventory inventory) {
	}

	/** Inserts an evaluation and its gates; a second insert for the same step key keeps the first. */
	@Transactional
	public QualityEvaluation insert(UUID projectId, int stage, String stepKey, UUID executionId, List<GateResult> gates,
			Map<String, Object> policy, TestInventory inventory) {
		UUID id = UUID.randomUUID();
		boolean passed = gates.stream().noneMatch(GateResult::failed);
		int inserted = this.jdbc.sql("""
				INSERT INTO quality_evaluations (id, project_id, stage_number, step_key, execution_id, passed, policy,
				    inventory)
				VALUES (:id, :project, :stage, :key, :execution, :passed, CAST(:policy AS jsonb),
				    CAST(:inventory AS jsonb))
				ON CONFLICT (step_key) DO NOTHING""")
			.param("id", id)
			.param("project", projectId)
			.param("stage", stage)
			.param("key", stepKey)
			.param("execution", executionId)
			.param("passed", passed)
			.param("policy", this.json.writeValueAsString(policy))
			.param("inventory", this.json.writeValueAsString(inventory))
			.update();
		if (inserted > 0) {
			for (int i = 0; i < gates.size(); i++) {
				GateResult gate = gates.get(i);
				this.jdbc.sql("""
						INSERT INTO quality_gate_results (evaluation_id, position, gate, verdict, value, threshold,
						    message, evidence)
						VALUES (:evaluation, :position, :gate, :verdict, :value, :threshold, :message,
						    CAST(:evidence AS jsonb))""")
					.param("evaluation", id)
					.param("position", i)
					.param("gate", gate.gate())
					.param("verdict", gate.verdict())
					.param("value", gate.value())
					.param("threshold", gate.threshold())
					.param("message", gate.message())
					.param("evidence", this.json.writeValueAsString(gate.evidence()))
					.update();
			}
		}
		return byStepKey(stepKey).orElseThrow();
	}

	@Transactional
	public QualityEvaluation recordDecision(UUID id, String decision, String actor, String comments) {
		if (!DECISIONS.contains(decision)) {
			throw new IllegalArgumentException("unknown quality decision " + decision);
		}
		this.jdbc.sql("""
				UPDATE quality_evaluations SET decision = :decision, decided_by = :actor, decision_comments = :comments,
				    decided_at = now()
				WHERE id = :id""")
			.param("id", id)
			.param("decision", decision)
			.param("actor", actor)
			.param("comments", comments)
			.update();
		return find("WHERE id = :p", id).stream()
			.findFirst()
			.orElseThrow(() -> new QuantaPilotException.NotFound("quality evaluation", id));
	}

	Optional<QualityEvaluation> byStepKey(String stepKey) {
		return find("WHERE step_key = :p", stepKey).stream().findFirst();
	}

	Optional<QualityEvaluation> latest(UUID projectId, int stage) {
		return this.jdbc.sql("""
				SELECT * FROM quality_evaluations WHERE project_id = :project AND stage_number = :stage
				ORDER BY created_at DESC LIMIT 1""")
			.param("project", projectId)
			.param("stage", stage)
			.query(this::evaluationRow)
			.optional()
			.map(this::withGates);
	}

	/** The latest evaluation of the closest earlier stage. */
	Optional<QualityEvaluation> latestBefore(UUID projectId, int stage) {
		return this.jdbc.sql("""
				SELECT * FROM quality_evaluations WHERE project_id = :project AND stage_number < :stage
				ORDER BY stage_number DESC, created_at DESC LIMIT 1""")
			.param("project", projectId)
			.param("stage", stage)
			.query(this::evaluationRow)
			.optional()
			.map(this::withGates);
	}

	Optional<PreviousAttempt> latestWithInventory(UUID projectId, int stage) {
		return this.jdbc.sql("""
				SELECT execution_id, inventory FROM quality_evaluations
				WHERE project_id = :project AND stage_number = :stage
				ORDER BY created_at DESC LIMIT 1""")
			.param("project", projectId)
			.param("stage", stage)
			.query((rs, row) -> new PreviousAttempt(rs.getObject("execution_id", UUID.class),
					this.json.readValue(rs.getString("inventory"), TestInventory.class)))
			.optional();
	}

	/** The latest evaluation of a stage that a person sent back with guidance. */
	Optional<QualityEvaluation> latestGuidance(UUID projectId, int stage) {
		return this.jdbc.sql("""
				SELECT * FROM quality_evaluations
				WHERE project_id = :project AND stage_number = :stage AND decision = 'retry'
				    AND decision_comments IS NOT NULL
				ORDER BY decided_at DESC LIMIT 1""")
			.param("project", projectId)
			.param("stage", stage)
			.query(this::evaluationRow)
			.optional();
	}

	List<QualityEvaluation> forProject(UUID projectId) {
		return find("WHERE project_id = :p ORDER BY created_at", projectId);
	}

	private List<QualityEvaluation> find(String where, Object parameter) {
		List<QualityEvaluation> found = new ArrayList<>();
		for (QualityEvaluation row : this.jdbc.sql("SELECT * FROM quality_evaluations " + where)
			.param("p", parameter)
			.query(this::evaluationRow)
			.list()) {
			found.add(withGates(row));
		}
		return found;
	}

	private QualityEvaluation withGates(QualityEvaluation row) {
		List<GateResult> gates = this.jdbc.sql("""
				SELECT * FROM quality_gate_results WHERE evaluation_id = :id ORDER BY position""")
			.param("id", row.id())
			.query((rs, n) -> new GateResult(rs.getString("gate"), rs.getString("verdict"), rs.getString("value"),
					rs.getString("threshold"), rs.getString("message"),
					this.json.readValue(rs.getString("evidence"), STRINGS)))
			.list();
		return new QualityEvaluation(row.id(), row.projectId(), row.stageNumber(), row.stepKey(), row.executionId(),
				row.passed(), gates, row.policy(), row.decision(), row.decidedBy(), row.decisionComments(),
				row.decidedAt(), row.createdAt());
	}

	private QualityEvaluation evaluationRow(ResultSet rs, int row) throws SQLException {
		Map<String, Object> policy = new LinkedHashMap<>(this.json.readValue(rs.getString("policy"), MAP));
		// Map.copyOf in the record refuses nulls; unset optional settings are simply absent.
		policy.values().removeIf(java.util.Objects::isNull);
		return new QualityEvaluation(rs.getObject("id", UUID.class), rs.getObject("project_id", UUID.class),
				rs.getInt("stage_number"), rs.getString("step_key"), rs.getObject("execution_id", UUID.class),
				rs.getBoolean("passed"), List.of(), policy, rs.getString("decision"), rs.getString("decided_by"),
				rs.getString("decision_comments"), instant(rs.getTimestamp("decided_at")),
				rs.getTimestamp("created_at").toInstant());
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp != null ? timestamp.toInstant() : null;
	}

}
