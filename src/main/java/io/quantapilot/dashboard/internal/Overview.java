package io.quantapilot.dashboard.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.agents.AgentService;
import io.quantapilot.decisions.Decision;
import io.quantapilot.decisions.DecisionService;
import io.quantapilot.decisions.DecisionStatus;
import io.quantapilot.decisions.DecisionType;
import io.quantapilot.ops.SystemHealth;
import io.quantapilot.projects.Project;
import io.quantapilot.projects.ProjectService;
import io.quantapilot.projects.ProjectStatus;

import org.springframework.stereotype.Component;

/**
 * The overview's figures and alerts: what is running, what waits for a person, what today cost, how the
 * last week went, and what needs attention (failures, parked steps, stale projects, an unhealthy node).
 */
@Component
@ConditionalOnRole(Role.DASHBOARD)
public class Overview {

	/** A project in progress that has not changed for this long is reported as possibly stuck. */
	static final Duration STALE = Duration.ofHours(2);

	/** Decisions that park a step until a person answers (budgets, failing agents, failing tests). */
	private static final Set<DecisionType> PARKING = Set.of(DecisionType.BUDGET_EXCEEDED, DecisionType.AGENT_FAILURE,
			DecisionType.QUALITY_OVERRIDE);

	private final ProjectService projects;

	private final DecisionService decisions;

	private final AgentService agents;

	private final SystemHealth health;

	Overview(ProjectService projects, DecisionService decisions, AgentService agents, SystemHealth health) {
		this.projects = projects;
		this.decisions = decisions;
		this.agents = agents;
		this.health = health;
	}

	/**
	 * Something that needs attention.
	 *
	 * @param level {@code error} or {@code warning}
	 * @param text what is wrong
	 * @param href where to look, or null
	 */
	public record Alert(String level, String text, String href) {
	}

	/** The overview page's content. */
	public record Figures(long activeProjects, Map<String, Long> byStatus, long pendingDecisions, long tokensToday,
			BigDecimal costToday, BigDecimal successRate, long finishedThisWeek, List<Alert> alerts,
			List<Project> recentProjects, List<Decision> waiting, String health) {
	}

	public Figures figures() {
		Map<String, Long> byStatus = projects.countByStatus();
		long active = byStatus.entrySet()
			.stream()
			.filter(e -> ProjectStatus.fromWireName(e.getKey()).isActive())
			.mapToLong(Map.Entry::getValue)
			.sum();
		Instant today = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
		long tokens = 0;
		BigDecimal cost = BigDecimal.ZERO;
		for (Map<String, Object> day : agents.usage(null, "day", today)) {
			tokens += ((Number) day.get("total_tokens")).longValue();
			cost = cost.add((BigDecimal) day.get("cost_usd"));
		}
		ProjectService.Statistics week = projects.statistics(Instant.now().minus(Duration.ofDays(7)));
		long finished = week.count(ProjectStatus.COMPLETED) + week.count(ProjectStatus.FAILED)
				+ week.count(ProjectStatus.CANCELLED);
		BigDecimal successRate = finished == 0 ? null
				: BigDecimal.valueOf(week.count(ProjectStatus.COMPLETED))
					.divide(BigDecimal.valueOf(finished), 4, RoundingMode.HALF_UP);
		List<Decision> waiting = decisions.list(DecisionStatus.PENDING, null, 100);
		SystemHealth.Report report = health.check();
		return new Figures(active, byStatus, decisions.countPending(), tokens, cost, successRate, finished,
				alerts(byStatus, waiting, report), projects.list(null, 8, 0).projects(),
				waiting.subList(0, Math.min(5, waiting.size())), report.status());
	}

	private List<Alert> alerts(Map<String, Long> byStatus, List<Decision> waiting, SystemHealth.Report report) {
		List<Alert> alerts = new ArrayList<>();
		if (!"healthy".equals(report.status())) {
			alerts.add(new Alert("unhealthy".equals(report.status()) ? "error" : "warning",
					"This node is " + report.status() + ": " + troubled(report), "/system"));
		}
		long failedJobs = report.components().getOrDefault("engine", Map.of()).get("failed_jobs") instanceof Number n
				? n.longValue() : 0;
		if (failedJobs > 0) {
			alerts.add(new Alert("error", failedJobs + " workflow engine job(s) failed for good", "/system"));
		}
		long failed = byStatus.getOrDefault(ProjectStatus.FAILED.wireName(), 0L);
		if (failed > 0) {
			for (Project project : projects.list(ProjectStatus.FAILED, 5, 0).projects()) {
				alerts.add(new Alert("error", project.name() + " failed"
						+ (project.failureReason() != null ? ": " + project.failureReason() : ""),
						"/projects/" + project.id()));
			}
			if (failed > 5) {
				alerts.add(new Alert("error", (failed - 5) + " more failed project(s)", "/projects?status=failed"));
			}
		}
		for (Decision decision : waiting) {
			if (PARKING.contains(decision.type())) {
				alerts.add(new Alert("warning", label(decision) + " waits for a decision: "
						+ decision.type().wireName().replace('_', ' '), "/decisions/" + decision.id()));
			}
			else if (decision.escalationLevel() > 0) {
				alerts.add(new Alert("warning", label(decision) + ": " + decision.type().wireName().replace('_', ' ')
						+ " escalated after its timeout", "/decisions/" + decision.id()));
			}
		}
		Instant staleBefore = Instant.now().minus(STALE);
		for (Project project : projects.list(ProjectStatus.IN_PROGRESS, 100, 0).projects()) {
			if (project.updatedAt().isBefore(staleBefore)) {
				alerts.add(new Alert("warning", project.name() + " has not moved for over "
						+ STALE.toHours() + " hours", "/projects/" + project.id()));
			}
		}
		long paused = byStatus.getOrDefault(ProjectStatus.PAUSED.wireName(), 0L);
		if (paused > 0) {
			alerts.add(new Alert("warning", paused + " project(s) paused", "/projects?status=paused"));
		}
		return alerts;
	}

	private static String label(Decision decision) {
		Object name = decision.context().get("project_name");
		return name != null ? name.toString() : "a project";
	}

	private static String troubled(SystemHealth.Report report) {
		List<String> names = new ArrayList<>();
		report.components().forEach((name, component) -> {
			if (!"healthy".equals(component.get("status"))) {
				names.add(name + " " + component.get("status"));
			}
		});
		return String.join(", ", names);
	}

}
