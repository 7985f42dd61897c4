package io.quantapilot.workflow.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code work_items} table. Statuses: {@code queued} → {@code running} (leased) → {@code completed}
 * (result stored, not yet handed to the engine) → {@code delivered}; or {@code failed} / {@code cancelled}.
 */
@Repository
class WorkItemRepository {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	WorkItemRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** Enqueues the step unless the same step key exists; then only the waiting execution is updated. */
	void enqueue(String stepKey, UUID projectId, String processInstanceId, String activityId, String executionId,
			String step, Integer stageNumber, int maxAttempts, Map<String, Object> variables, boolean held) {
		jdbc.sql("""
				INSERT INTO work_items (id, step_key, project_id, process_instance_id, activity_id, execution_id,
				    variables, step, stage_number, status, max_attempts, held)
				VALUES (:id, :key, :project, :pid, :activity, :execution, CAST(:variables AS jsonb), :step, :stage,
				    'queued', :max, :held)
				ON CONFLICT (step_key) DO UPDATE SET execution_id = EXCLUDED.execution_id,
				    process_instance_id = EXCLUDED.process_instance_id, updated_at = now()""")
			.param("id", UUID.randomUUID())
			.param("key", stepKey)
			.param("project", projectId)
			.param("pid", processInstanceId)
			.param("activity", activityId)
			.param("execution", executionId)
			.param("variables", json.writeValueAsString(variables))
			.param("step", step)
			.param("stage", stageNumber)
			.param("max", maxAttempts)
			.param("held", held)
			.update();
	}

	/**
	 * Leases up to {@code limit} items: queued ones that are due, and running ones whose lease expired (their
	 * worker died). {@code SKIP LOCKED} lets several workers on several machines claim without blocking.
	 */
	List<WorkItem> claim(String owner, Duration lease, int limit) {
		return jdbc.sql("""
				UPDATE work_items SET status = 'running', lease_owner = :owner,
				    lease_expires_at = now() + make_interval(secs => :lease), attempts = attempts + 1, updated_at = now(),
				    claimed_at = now()
				WHERE id IN (
				    SELECT id FROM work_items
				    WHERE NOT held AND ((status = 'queued' AND available_at <= now())
				        OR (status = 'running' AND lease_expires_at < now()))
				    ORDER BY available_at LIMIT :limit FOR UPDATE SKIP LOCKED)
				RETURNING *""")
			.param("owner", owner)
			.param("lease", (double) lease.toSeconds())
			.param("limit", limit)
			.query(this::item)
			.list();
	}

	/** Extends the lease; false when this worker no longer holds the item (cancelled, or taken over). */
	boolean heartbeat(UUID id, String owner, Duration lease) {
		return jdbc.sql("""
				UPDATE work_items SET lease_expires_at = now() + make_interval(secs => :lease), updated_at = now()
				WHERE id = :id AND lease_owner = :owner AND status = 'running'""")
			.param("id", id)
			.param("owner", owner)
			.param("lease", (double) lease.toSeconds())
			.update() == 1;
	}

	boolean complete(UUID id, String owner, Map<String, Object> result) {
		return jdbc.sql("""
				UPDATE work_items SET status = 'completed', result = CAST(:result AS jsonb), lease_owner = NULL,
				    lease_expires_at = NULL, last_error = NULL, updated_at = now()
				WHERE id = :id AND lease_owner = :owner AND status = 'running'""")
			.param("id", id)
			.param("owner", owner)
			.param("result", json.writeValueAsString(result))
			.update() == 1;
	}

	boolean retryLater(UUID id, String owner, String error, Instant availableAt) {
		return jdbc.sql("""
				UPDATE work_items SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL,
				    last_error = :error, available_at = :at, updated_at = now()
				WHERE id = :id AND lease_owner = :owner AND status = 'running'""")
			.param("id", id)
			.param("owner", owner)
			.param("error", error)
			.param("at", Timestamp.from(availableAt))
			.update() == 1;
	}

	boolean fail(UUID id, String error) {
		return jdbc.sql("""
				UPDATE work_items SET status = 'failed', lease_owner = NULL, lease_expires_at = NULL,
				    last_error = :error, updated_at = now()
				WHERE id = :id AND status IN ('running', 'queued')""")
			.param("id", id)
			.param("error", error)
			.update() == 1;
	}

	/** Parks a step on a decision: it waits, unleased, until the decision is answered. */
	boolean park(UUID id, String error, UUID decisionId) {
		return jdbc.sql("""
				UPDATE work_items SET status = 'parked', lease_owner = NULL, lease_expires_at = NULL,
				    last_error = :error, decision_id = :decision, updated_at = now()
				WHERE id = :id AND status IN ('running', 'queued')""")
			.param("id", id)
			.param("error", error)
			.param("decision", decisionId)
			.update() == 1;
	}

	/** Moves a parked step from an escalated decision to the one that asks again. */
	boolean repark(UUID id, UUID fromDecision, UUID toDecision) {
		return jdbc.sql("""
				UPDATE work_items SET decision_id = :to, updated_at = now()
				WHERE id = :id AND status = 'parked' AND decision_id = :from""")
			.param("id", id)
			.param("from", fromDecision)
			.param("to", toDecision)
			.update() == 1;
	}

	Optional<WorkItem> findParkedOn(UUID decisionId) {
		return jdbc.sql("SELECT * FROM work_items WHERE decision_id = :d AND status = 'parked'")
			.param("d", decisionId)
			.query(this::item)
			.optional();
	}

	/** Puts a parked step back in the queue with fresh attempts. */
	void unpark(UUID id) {
		jdbc.sql("""
				UPDATE work_items SET status = 'queued', attempts = 0, available_at = now(), decision_id = NULL,
				    updated_at = now()
				WHERE id = :id AND status = 'parked'""")
			.param("id", id)
			.update();
	}

	/** Takes the right to deliver a completed item; false when someone else delivered it. */
	boolean claimDelivery(UUID id) {
		return jdbc.sql("""
				UPDATE work_items SET status = 'delivered', updated_at = now() WHERE id = :id AND status = 'completed'""")
			.param("id", id)
			.update() == 1;
	}

	void markAbandoned(UUID id) {
		jdbc.sql("UPDATE work_items SET status = 'cancelled', updated_at = now() WHERE id = :id")
			.param("id", id)
			.update();
	}

	/**
	 * Locks the item until the transaction ends and tells whether its result still waits for delivery, so
	 * that of two threads delivering the same item (its worker and the poll) only the first triggers.
	 */
	boolean lockUndelivered(UUID id) {
		return jdbc.sql("SELECT status FROM work_items WHERE id = :id FOR UPDATE")
			.param("id", id)
			.query(String.class)
			.optional()
			.map("completed"::equals)
			.orElse(false);
	}

	Optional<Map<String, Object>> result(UUID id) {
		return jdbc.sql("SELECT result FROM work_items WHERE id = :id AND result IS NOT NULL")
			.param("id", id)
			.query((rs, i) -> json.readValue(rs.getString("result"), MAP))
			.optional();
	}

	/** Completed items not yet handed to the engine (paused project, or a crash between the two). */
	List<WorkItem> undelivered(int limit) {
		// Recent completions are being delivered by their own worker; the sweep only picks up stragglers.
		return jdbc.sql("""
				SELECT * FROM work_items WHERE status = 'completed' AND NOT held AND updated_at < now() - interval '3 seconds'
				ORDER BY updated_at LIMIT :l""")
			.param("l", limit)
			.query(this::item)
			.list();
	}

	void hold(UUID projectId, boolean held) {
		jdbc.sql("UPDATE work_items SET held = :held, updated_at = now() WHERE project_id = :project")
			.param("project", projectId)
			.param("held", held)
			.update();
	}

	int cancelAll(UUID projectId) {
		return jdbc.sql("""
				UPDATE work_items SET status = 'cancelled', lease_owner = NULL, updated_at = now()
				WHERE project_id = :project AND status IN ('queued', 'running', 'completed', 'failed', 'parked')""")
			.param("project", projectId)
			.update();
	}

	/** Puts failed items of the project back in the queue with fresh attempts (retry_stage). */
	int requeueFailed(UUID projectId) {
		return jdbc.sql("""
				UPDATE work_items SET status = 'queued', attempts = 0, available_at = now(), last_error = NULL,
				    updated_at = now()
				WHERE project_id = :project AND status = 'failed'""")
			.param("project", projectId)
			.update();
	}

	/** Releases leases held by owners that are known to be dead, so their work restarts now. */
	int releaseLeasesOf(List<String> deadOwners) {
		if (deadOwners.isEmpty()) {
			return 0;
		}
		return jdbc.sql("""
				UPDATE work_items SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
				WHERE status = 'running' AND lease_owner IN (:owners)""")
			.param("owners", deadOwners)
			.update();
	}

	List<String> leaseOwners() {
		return jdbc.sql("SELECT DISTINCT lease_owner FROM work_items WHERE status = 'running' AND lease_owner IS NOT NULL")
			.query(String.class)
			.list();
	}

	List<WorkItem> forProject(UUID projectId) {
		return jdbc.sql("SELECT * FROM work_items WHERE project_id = :p ORDER BY created_at")
			.param("p", projectId)
			.query(this::item)
			.list();
	}

	Map<String, Long> countByStatus() {
		var counts = new java.util.LinkedHashMap<String, Long>();
		jdbc.sql("SELECT status, count(*) AS n FROM work_items GROUP BY status")
			.query((rs, i) -> counts.put(rs.getString("status"), rs.getLong("n")))
			.list();
		return counts;
	}

	private WorkItem item(ResultSet rs, int row) throws SQLException {
		int stage = rs.getInt("stage_number");
		return new WorkItem(rs.getObject("id", UUID.class), rs.getString("step_key"),
				rs.getObject("project_id", UUID.class), rs.getString("process_instance_id"),
				rs.getString("execution_id"), rs.getString("step"), rs.wasNull() ? null : stage,
				rs.getString("status"), rs.getInt("attempts"), rs.getInt("max_attempts"),
				json.readValue(rs.getString("variables"), MAP), rs.getString("last_error"));
	}

}
