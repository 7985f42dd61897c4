package io.quantapilot.decisions;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.identity.AuditLog;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Opens, lists and decides decisions. A decision is decided at most once: the row is locked and a second
 * answer is a {@link QuantaPilotException.Conflict} naming who decided first.
 */
@Service
public class DecisionService {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	private final MeterRegistry meters;

	DecisionService(JdbcClient jdbc, JsonMapper json, AuditLog audit, ApplicationEventPublisher events,
			MeterRegistry meters) {
		this.jdbc = jdbc;
		this.json = json;
		this.audit = audit;
		this.events = events;
		this.meters = meters;
	}

	/**
	 * Opens a decision for a workflow task; opening again for the same task returns the existing one, so a
	 * retried engine step does not ask twice.
	 */
	@Transactional
	public Decision open(UUID projectId, DecisionType type, Map<String, ?> context, List<String> options,
			String taskId, Instant timeoutAt, int escalationLevel) {
		if (taskId != null) {
			Optional<Decision> existing = findByTask(taskId);
			if (existing.isPresent()) {
				return existing.get();
			}
		}
		UUID id = UUID.randomUUID();
		jdbc.sql("""
				INSERT INTO decisions (id, project_id, type, status, context, options, task_id, escalation_level,
				    timeout_at)
				VALUES (:id, :project, :type, 'pending', CAST(:context AS jsonb), CAST(:options AS jsonb), :task,
				    :level, :timeout)""")
			.param("id", id)
			.param("project", projectId)
			.param("type", type.wireName())
			.param("context", json.writeValueAsString(context))
			.param("options", json.writeValueAsString(options))
			.param("task", taskId)
			.param("level", escalationLevel)
			.param("timeout", timeoutAt != null ? Timestamp.from(timeoutAt) : null)
			.update();
		audit.record("workflow", "decision.opened", "decision", id.toString(),
				Map.of("project_id", projectId.toString(), "type", type.wireName()));
		events.publishEvent(new DecisionRequested(id, projectId, type));
		return get(id);
	}

	/** Decides through the REST API (the channel of the command line too). */
	@Transactional
	public Decision decide(UUID id, String outcome, String comments, Map<String, Object> modifications, String actor) {
		return decide(id, outcome, comments, modifications, actor, "api");
	}

	/**
	 * Decides through {@code channel} ({@code api}, {@code telegram}, {@code email}, …), which is recorded with
	 * who decided and when; the time since the decision was opened feeds {@code qp_hitl_decision_seconds}.
	 */
	@Transactional
	public Decision decide(UUID id, String outcome, String comments, Map<String, Object> modifications, String actor,
			String channel) {
		if (channel == null || !channel.matches("[a-z_]{1,20}")) {
			throw new QuantaPilotException.InvalidRequest("channel", "channel must be a short lower-case name");
		}
		Decision decision = jdbc.sql("SELECT * FROM decisions WHERE id = :id FOR UPDATE")
			.param("id", id)
			.query(this::decision)
			.optional()
			.orElseThrow(() -> new QuantaPilotException.NotFound("decision", id));
		if (decision.status() != DecisionStatus.PENDING) {
			String by = decision.decidedBy() != null ? " by " + decision.decidedBy() : "";
			String at = decision.decidedAt() != null ? " at " + decision.decidedAt() : "";
			throw new QuantaPilotException.Conflict(
					"decision " + id + " is already " + decision.status().wireName() + by + at);
		}
		if (outcome == null || !decision.options().contains(outcome)) {
			throw new QuantaPilotException.InvalidRequest("decision",
					"decision must be one of " + String.join(", ", decision.options()));
		}
		boolean noComments = comments == null || comments.isBlank();
		if ("modify".equals(outcome) && noComments && (modifications == null || modifications.isEmpty())) {
			throw new QuantaPilotException.InvalidRequest("comments", "modify needs comments or modifications");
		}
		if (comments != null && comments.length() > 20_000) {
			throw new QuantaPilotException.InvalidRequest("comments", "comments must be at most 20000 characters");
		}
		DecisionStatus status = switch (outcome) {
			case "approve" -> DecisionStatus.APPROVED;
			case "reject" -> DecisionStatus.REJECTED;
			case "modify" -> DecisionStatus.MODIFIED;
			default -> DecisionStatus.APPROVED;
		};
		jdbc.sql("""
				UPDATE decisions SET status = :status, decision = :outcome, comments = :comments,
				    modifications = CAST(:modifications AS jsonb), decided_by = :actor, decided_at = now(),
				    decided_via = :channel
				WHERE id = :id""")
			.param("id", id)
			.param("status", status.wireName())
			.param("outcome", outcome)
			.param("comments", comments)
			.param("modifications", modifications != null ? json.writeValueAsString(modifications) : null)
			.param("actor", actor)
			.param("channel", channel)
			.update();
		audit.record(actor, "decision.made", "decision", id.toString(),
				Map.of("project_id", decision.projectId().toString(), "outcome", outcome, "channel", channel));
		recordResponseTime(decision, outcome, channel);
		events.publishEvent(new DecisionMade(id, decision.projectId(), decision.type(), decision.taskId(), outcome,
				comments, actor));
		return get(id);
	}

	/** Counted once the answer is committed, so a rolled-back answer does not skew the histogram. */
	private void recordResponseTime(Decision decision, String outcome, String channel) {
		Runnable record = () -> Timer.builder("qp_hitl_decision_seconds")
			.description("Time from opening a decision to a person's answer")
			.tag("type", decision.type().wireName())
			.tag("outcome", outcome)
			.tag("channel", channel)
			.register(meters)
			.record(java.time.Duration.between(decision.createdAt(), Instant.now()));
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					record.run();
				}
			});
		}
		else {
			record.run();
		}
	}

	/**
	 * Nobody answered in time and the decision type's policy answers instead. With an outcome ({@code approve}
	 * or {@code reject}) the decision is decided by {@code timeout} through the {@code timeout} channel and
	 * announced like any answer; without one it is only marked timed out (the project fails).
	 *
	 * @return false when someone answered first (their answer stands)
	 */
	@Transactional
	public boolean decideOnTimeout(UUID id, String outcome, String comments) {
		Decision decision = get(id);
		if (outcome != null && !decision.options().contains(outcome)) {
			throw new IllegalArgumentException(outcome + " is not an option of decision " + id);
		}
		String status = outcome == null ? "timed_out" : "approve".equals(outcome) ? "approved" : "rejected";
		int updated = jdbc.sql("""
				UPDATE decisions SET status = :status, decision = :outcome, comments = :comments,
				    decided_by = 'timeout', decided_at = now(), decided_via = 'timeout'
				WHERE id = :id AND status = 'pending'""")
			.param("id", id)
			.param("status", status)
			.param("outcome", outcome)
			.param("comments", comments)
			.update();
		if (updated == 0) {
			return false;
		}
		audit.record("workflow", "decision.timed_out", "decision", id.toString(),
				Map.of("project_id", decision.projectId().toString(), "type", decision.type().wireName(),
						"outcome", outcome != null ? outcome : "fail"));
		if (outcome != null) {
			recordResponseTime(decision, outcome, "timeout");
			events.publishEvent(new DecisionMade(id, decision.projectId(), decision.type(), decision.taskId(), outcome,
					comments, "timeout"));
		}
		return true;
	}

	/** Pending decisions of the given types whose time is up, oldest first. */
	public List<Decision> overdue(Collection<DecisionType> types, int limit) {
		return jdbc.sql("""
				SELECT * FROM decisions WHERE status = 'pending' AND timeout_at < now() AND type IN (:types)
				ORDER BY timeout_at LIMIT :limit""")
			.param("types", types.stream().map(DecisionType::wireName).toList())
			.param("limit", limit)
			.query(this::decision)
			.list();
	}

	/**
	 * The decision's time ran out: it is marked and the escalation recorded.
	 *
	 * @return false when it was no longer pending
	 */
	@Transactional
	public boolean markTimedOut(UUID id) {
		int updated = jdbc.sql("""
				UPDATE decisions SET status = 'timed_out', decided_at = now(), decided_by = 'timeout',
				    decided_via = 'timeout'
				WHERE id = :id AND status = 'pending'""").param("id", id).update();
		if (updated > 0) {
			Decision decision = get(id);
			audit.record("workflow", "decision.escalated", "decision", id.toString(),
					Map.of("project_id", decision.projectId().toString(), "type", decision.type().wireName(),
							"escalation_level", decision.escalationLevel() + 1));
			events.publishEvent(new DecisionEscalated(id, decision.projectId(), decision.type(),
					decision.escalationLevel() + 1));
		}
		return updated > 0;
	}

	/** Cancels the project's pending decisions (the project was cancelled). */
	@Transactional
	public int cancelPending(UUID projectId) {
		return jdbc.sql("""
				UPDATE decisions SET status = 'cancelled', decided_at = now(), decided_by = 'system',
				    decided_via = 'system'
				WHERE project_id = :project AND status = 'pending'""").param("project", projectId).update();
	}

	public Decision get(UUID id) {
		return jdbc.sql("SELECT * FROM decisions WHERE id = :id")
			.param("id", id)
			.query(this::decision)
			.optional()
			.orElseThrow(() -> new QuantaPilotException.NotFound("decision", id));
	}

	public Optional<Decision> findByTask(String taskId) {
		return jdbc.sql("SELECT * FROM decisions WHERE task_id = :task")
			.param("task", taskId)
			.query(this::decision)
			.optional();
	}

	public List<Decision> list(DecisionStatus status, UUID projectId, int limit) {
		return jdbc.sql("""
				SELECT * FROM decisions
				WHERE (CAST(:status AS varchar) IS NULL OR status = :status)
				  AND (CAST(:project AS uuid) IS NULL OR project_id = :project)
				ORDER BY created_at DESC LIMIT :limit""")
			.param("status", status != null ? status.wireName() : null)
			.param("project", projectId)
			.param("limit", limit)
			.query(this::decision)
			.list();
	}

	public long countPending() {
		return jdbc.sql("SELECT count(*) FROM decisions WHERE status = 'pending'").query(Long.class).single();
	}

	private Decision decision(ResultSet rs, int row) throws SQLException {
		String modifications = rs.getString("modifications");
		return new Decision(rs.getObject("id", UUID.class), rs.getObject("project_id", UUID.class),
				DecisionType.fromWireName(rs.getString("type")), DecisionStatus.fromWireName(rs.getString("status")),
				json.readValue(rs.getString("context"), MAP), json.readValue(rs.getString("options"), STRINGS),
				rs.getString("task_id"), rs.getInt("escalation_level"), instant(rs, "created_at"),
				instant(rs, "timeout_at"), instant(rs, "decided_at"), rs.getString("decided_by"),
				rs.getString("decision"), rs.getString("comments"),
				modifications != null ? json.readValue(modifications, MAP) : null, rs.getString("decided_via"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp ts = rs.getTimestamp(column);
		return ts != null ? ts.toInstant() : null;
	}

}
