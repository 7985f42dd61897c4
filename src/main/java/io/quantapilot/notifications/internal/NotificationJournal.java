package io.quantapilot.notifications.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.quantapilot.decisions.DecisionEscalated;
import io.quantapilot.decisions.DecisionMade;
import io.quantapilot.decisions.DecisionRequested;
import io.quantapilot.projects.ProjectCreated;
import io.quantapilot.agents.BudgetThresholdReached;
import io.quantapilot.projects.ProjectStatusChanged;
import io.quantapilot.projects.StageFinished;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Journals the domain events people are told about, synchronously and therefore inside the transaction
 * of the change that published them: the journal row exists exactly when the change does, each once.
 * (An after-commit listener of the event publication registry could run twice: the registry marks a
 * publication complete in a separate transaction after the listener's, and events such as
 * {@link ProjectStatusChanged} carry no identity to recognise a repetition by.) The insert is all that
 * happens here; fan-out and delivery run later in the delivery loop, so a channel never slows or fails
 * the change itself.
 */
@Component
class NotificationJournal {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final OutboxSignal signal;

	NotificationJournal(JdbcClient jdbc, JsonMapper json, OutboxSignal signal) {
		this.jdbc = jdbc;
		this.json = json;
		this.signal = signal;
	}

	@EventListener
	void on(ProjectCreated event) {
		record("ProjectCreated", event.projectId(), null, Map.of());
	}

	@EventListener
	void on(ProjectStatusChanged event) {
		record("ProjectStatusChanged", event.projectId(), null,
				Map.of("from", event.from().wireName(), "to", event.to().wireName()));
	}

	@EventListener
	void on(StageFinished event) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("stage", event.number());
		data.put("name", event.name());
		data.put("status", event.status().wireName());
		data.put("duration_seconds", event.duration().toMillis() / 1000.0);
		record("StageFinished", event.projectId(), null, data);
	}

	@EventListener
	void on(BudgetThresholdReached event) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("percent", event.percent());
		data.put("tokens_used", event.tokensUsed());
		data.put("cost_usd", event.costUsd());
		record("BudgetThresholdReached", event.projectId(), null, data);
	}

	@EventListener
	void on(DecisionRequested event) {
		record("DecisionRequested", event.projectId(), event.decisionId(), Map.of("type", event.type().wireName()));
	}

	@EventListener
	void on(DecisionMade event) {
		record("DecisionMade", event.projectId(), event.decisionId(),
				Map.of("type", event.type().wireName(), "outcome", event.outcome()));
	}

	@EventListener
	void on(DecisionEscalated event) {
		record("DecisionEscalated", event.projectId(), event.decisionId(),
				Map.of("type", event.type().wireName(), "level", event.level()));
	}

	/** Journals an event in the current transaction and wakes the delivery loop once it commits. */
	void record(String source, UUID projectId, UUID decisionId, Map<String, Object> data) {
		jdbc.sql("""
				INSERT INTO notification_events (id, source, project_id, decision_id, data)
				VALUES (:id, :source, :project, :decision, CAST(:data AS jsonb))""")
			.param("id", UUID.randomUUID())
			.param("source", source)
			.param("project", projectId)
			.param("decision", decisionId)
			.param("data", json.writeValueAsString(data))
			.update();
		signal.wakeAfterCommit();
	}

}
