package io.quantapilot.ops.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quantapilot.decisions.DecisionMade;
import io.quantapilot.decisions.DecisionRequested;
import io.quantapilot.decisions.DecisionService;
import io.quantapilot.projects.ProjectService;
import io.quantapilot.projects.ProjectStatus;
import io.quantapilot.projects.ProjectStatusChanged;
import io.quantapilot.projects.StageFinished;

import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The {@code qp_} business metrics: projects by status, pending decisions, project transitions and
 * decisions made. Counts are refreshed from the database every few seconds, so every node reports the
 * shared truth rather than what it happened to see itself.
 */
@Component
class BusinessMetrics {

	private final MeterRegistry registry;

	private final ProjectService projects;

	private final DecisionService decisions;

	private final Map<String, AtomicLong> projectsByStatus = new ConcurrentHashMap<>();

	private final AtomicLong pendingDecisions = new AtomicLong();

	BusinessMetrics(MeterRegistry registry, ProjectService projects, DecisionService decisions) {
		this.registry = registry;
		this.projects = projects;
		this.decisions = decisions;
		for (ProjectStatus status : ProjectStatus.values()) {
			AtomicLong value = new AtomicLong();
			projectsByStatus.put(status.wireName(), value);
			Gauge.builder("qp_projects", value, AtomicLong::get)
				.description("Projects by lifecycle status")
				.tag("status", status.wireName())
				.register(registry);
		}
		Gauge.builder("qp_decisions_pending", pendingDecisions, AtomicLong::get)
			.description("Decisions waiting for a person")
			.register(registry);
	}

	@Scheduled(fixedDelayString = "PT5S", initialDelayString = "PT1S")
	void refresh() {
		Map<String, Long> counts = projects.countByStatus();
		projectsByStatus.forEach((status, value) -> value.set(counts.getOrDefault(status, 0L)));
		pendingDecisions.set(decisions.countPending());
	}

	@EventListener
	void on(ProjectStatusChanged event) {
		Counter.builder("qp_project_transitions_total")
			.description("Project status changes")
			.tag("from", event.from().wireName())
			.tag("to", event.to().wireName())
			.register(registry)
			.increment();
	}

	@EventListener
	void on(StageFinished event) {
		Timer.builder("qp_stage_duration_seconds")
			.description("Time from a stage's first step to its end")
			.tag("status", event.status().wireName())
			.register(registry)
			.record(event.duration());
	}

	@EventListener
	void on(DecisionRequested event) {
		Counter.builder("qp_decisions_requested_total")
			.description("Decisions opened")
			.tag("type", event.type().wireName())
			.register(registry)
			.increment();
	}

	@EventListener
	void on(DecisionMade event) {
		Counter.builder("qp_decisions_total")
			.description("Decisions made by people")
			.tag("type", event.type().wireName())
			.tag("outcome", event.outcome())
			.register(registry)
			.increment();
	}

}
