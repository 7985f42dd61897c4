package io.quantapilot.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.agents.AgentService;
import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.identity.CurrentPrincipal;
import io.quantapilot.projects.ProjectService;
import io.quantapilot.projects.ProjectStatus;
import io.quantapilot.workflow.WorkflowService;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Token usage, costs and operational figures (the usage and metrics routes of API.md). */
@RestController
@ConditionalOnRole(Role.API)
@RequestMapping("/api/v1")
class UsageController {

	private static final Pattern PERIOD = Pattern.compile("(\\d{1,4})([hd])");

	private static final Instant STARTED = Instant.now();

	private final AgentService agents;

	private final ProjectService projects;

	private final WorkflowService workflow;

	UsageController(AgentService agents, ProjectService projects, WorkflowService workflow) {
		this.agents = agents;
		this.projects = projects;
		this.workflow = workflow;
	}

	@GetMapping("/usage/tokens")
	Map<String, Object> tokens(@RequestParam(name = "project_id", required = false) UUID projectId,
			@RequestParam(name = "group_by", defaultValue = "role") String groupBy,
			@RequestParam(defaultValue = "365d") String period) {
		if (projectId != null) {
			projects.get(projectId);
		}
		List<Map<String, Object>> groups = agents.usage(projectId, groupBy, since(period));
		long total = groups.stream().mapToLong(g -> (Long) g.get("total_tokens")).sum();
		BigDecimal cost = groups.stream().map(g -> (BigDecimal) g.get("cost_usd")).reduce(BigDecimal.ZERO, BigDecimal::add);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("project_id", projectId);
		body.put("group_by", groupBy);
		body.put("period", period);
		body.put("groups", groups);
		body.put("total_tokens", total);
		body.put("total_cost_usd", cost);
		return body;
	}

	@GetMapping("/metrics/costs")
	Map<String, Object> costs(@RequestParam(defaultValue = "30d") String period,
			@RequestParam(name = "group_by", defaultValue = "day") String groupBy) {
		Instant since = since(period);
		List<Map<String, Object>> groups = agents.usage(null, groupBy, since);
		BigDecimal total = groups.stream().map(g -> (BigDecimal) g.get("cost_usd")).reduce(BigDecimal.ZERO, BigDecimal::add);
		List<Map<String, Object>> daily = agents.usage(null, "day", since);
		// Projection for the calendar month: this month's spending so far, extended at its daily average.
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		String month = today.toString().substring(0, 7);
		BigDecimal monthSoFar = agents.usage(null, "day", today.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant())
			.stream()
			.filter(g -> ((String) g.get("group")).startsWith(month))
			.map(g -> (BigDecimal) g.get("cost_usd"))
			.reduce(BigDecimal.ZERO, BigDecimal::add);
		BigDecimal projection = monthSoFar.multiply(BigDecimal.valueOf(today.lengthOfMonth()))
			.divide(BigDecimal.valueOf(today.getDayOfMonth()), 4, RoundingMode.HALF_UP);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("period", period);
		body.put("group_by", groupBy);
		body.put("total_cost_usd", total);
		body.put("breakdown", groups);
		body.put("daily", daily);
		body.put("month", month);
		body.put("month_to_date_usd", monthSoFar);
		body.put("projected_month_usd", projection);
		return body;
	}

	@GetMapping("/metrics/projects")
	Map<String, Object> projectsMetrics(@RequestParam(defaultValue = "7d") String period) {
		ProjectService.Statistics stats = projects.statistics(since(period));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("period", period);
		body.put("total", stats.total());
		body.put("by_status", stats.byStatus());
		long finished = stats.count(ProjectStatus.COMPLETED) + stats.count(ProjectStatus.FAILED)
				+ stats.count(ProjectStatus.CANCELLED);
		body.put("success_rate", finished == 0 ? null
				: BigDecimal.valueOf(stats.count(ProjectStatus.COMPLETED)).divide(BigDecimal.valueOf(finished), 4,
						RoundingMode.HALF_UP));
		body.put("average_duration_seconds", stats.averageCompletedSeconds());
		body.put("average_tokens", stats.averageTokens());
		body.put("average_cost_usd", stats.averageCostUsd());
		return body;
	}

	@GetMapping("/metrics/system")
	Map<String, Object> system() {
		CurrentPrincipal.get();
		WorkflowService.EngineStatus engine = workflow.engineStatus();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("uptime_seconds", Duration.between(STARTED, Instant.now()).getSeconds());
		body.put("active_projects", projects.countByStatus()
			.entrySet()
			.stream()
			.filter(e -> ProjectStatus.fromWireName(e.getKey()).isActive())
			.mapToLong(Map.Entry::getValue)
			.sum());
		body.put("projects_by_status", projects.countByStatus());
		body.put("queue", engine.workItems());
		body.put("engine", Map.of("running_instances", engine.runningInstances(), "failed_jobs", engine.failedJobs(),
				"async_executor_active", engine.asyncExecutorActive()));
		return body;
	}

	@GetMapping("/agents/providers")
	Map<String, Object> providers() {
		CurrentPrincipal.steering();
		return Map.of("providers", agents.checkProviders());
	}

	static Instant since(String period) {
		Matcher m = PERIOD.matcher(period == null ? "" : period.strip());
		if (!m.matches()) {
			throw new QuantaPilotException.InvalidRequest("period", "period must look like 24h or 30d");
		}
		long n = Long.parseLong(m.group(1));
		return Instant.now().minus("h".equals(m.group(2)) ? Duration.ofHours(n) : Duration.ofDays(n));
	}

}
