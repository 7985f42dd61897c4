package io.quantapilot.dashboard.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.agents.AgentService;
import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.projects.ProjectService;

import org.springframework.stereotype.Component;

/**
 * The costs page: agent usage of a period by day, project, role and model, and the calendar month's
 * projection (this month's spending so far, extended at its daily average).
 */
@Component
@ConditionalOnRole(Role.DASHBOARD)
public class CostReport {

	/** The periods offered, in days. */
	public static final List<Integer> PERIODS = List.of(7, 30, 90, 365);

	private static final int TOP_PROJECTS = 15;

	private final AgentService agents;

	private final ProjectService projects;

	CostReport(AgentService agents, ProjectService projects) {
		this.agents = agents;
		this.projects = projects;
	}

	/** The page's content. */
	public record Report(int days, long totalTokens, BigDecimal totalCostUsd, String month, BigDecimal monthToDateUsd,
			BigDecimal projectedMonthUsd, List<UsageRow> byDay, List<UsageRow> byProject, int moreProjects,
			List<UsageRow> byRole, List<UsageRow> byModel, List<UsageRow> byProvider, boolean scaledByCost) {
	}

	public Report report(int days) {
		if (!PERIODS.contains(days)) {
			throw new QuantaPilotException.InvalidRequest("days", "the period must be one of " + PERIODS + " days");
		}
		Instant since = LocalDate.now(ZoneOffset.UTC).minusDays(days - 1L).atStartOfDay(ZoneOffset.UTC).toInstant();
		List<UsageRow> byDay = UsageRow.of(agents.usage(null, "day", since));
		long tokens = byDay.stream().mapToLong(UsageRow::tokens).sum();
		BigDecimal cost = byDay.stream().map(UsageRow::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
		List<Map<String, Object>> perProject = new java.util.ArrayList<>(agents.usage(null, "project", since));
		boolean anyCost = perProject.stream().anyMatch(g -> ((BigDecimal) g.get("cost_usd")).signum() > 0);
		perProject.sort((a, b) -> anyCost ? ((BigDecimal) b.get("cost_usd")).compareTo((BigDecimal) a.get("cost_usd"))
				: Long.compare(((Number) b.get("total_tokens")).longValue(), ((Number) a.get("total_tokens")).longValue()));
		int more = Math.max(0, perProject.size() - TOP_PROJECTS);
		List<Map<String, Object>> top = perProject.subList(0, Math.min(TOP_PROJECTS, perProject.size()));
		Map<String, String> names = new HashMap<>();
		for (Map<String, Object> group : top) {
			String id = (String) group.get("group");
			names.put(id, projectName(id));
		}
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		String month = today.toString().substring(0, 7);
		BigDecimal monthSoFar = agents.usage(null, "day", today.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant())
			.stream()
			.map(g -> (BigDecimal) g.get("cost_usd"))
			.reduce(BigDecimal.ZERO, BigDecimal::add);
		BigDecimal projection = monthSoFar.multiply(BigDecimal.valueOf(today.lengthOfMonth()))
			.divide(BigDecimal.valueOf(today.getDayOfMonth()), 4, RoundingMode.HALF_UP);
		return new Report(days, tokens, cost, month, monthSoFar, projection, byDay,
				UsageRow.of(top, names::get, id -> "/projects/" + id), more,
				UsageRow.of(agents.usage(null, "role", since)), UsageRow.of(agents.usage(null, "model", since),
						model -> "null".equals(model) || model.isBlank() ? "(provider default)" : model, m -> null),
				UsageRow.of(agents.usage(null, "provider", since)), UsageRow.scaledByCost(byDay));
	}

	private String projectName(String id) {
		try {
			return projects.get(UUID.fromString(id)).name();
		}
		catch (QuantaPilotException.NotFound | IllegalArgumentException ex) {
			return id;
		}
	}

}
