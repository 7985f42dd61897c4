package io.quantapilot.dashboard.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One group of agent usage (a day, role, model, stage or project) with its share of the largest group, for
 * a table with a bar per row.
 *
 * @param group the group's key as the ledger has it
 * @param label how the group is shown
 * @param href where the label links to, or null
 * @param runs agent runs in the group
 * @param tokens input plus output tokens
 * @param costUsd what the runs cost
 * @param estimated whether some figures are estimates (the provider reported none)
 * @param percent the bar's length: the share of the largest group's cost, or of its tokens when nothing cost
 *     anything (the offline provider is free)
 */
public record UsageRow(String group, String label, String href, long runs, long tokens, BigDecimal costUsd,
		boolean estimated, int percent) {

	/** Rows from the ledger's groups, labelled and scaled. */
	public static List<UsageRow> of(List<Map<String, Object>> groups, Function<String, String> label,
			Function<String, String> href) {
		boolean byCost = groups.stream().anyMatch(g -> cost(g).signum() > 0);
		double max = 0;
		for (Map<String, Object> g : groups) {
			max = Math.max(max, byCost ? cost(g).doubleValue() : tokens(g));
		}
		List<UsageRow> rows = new ArrayList<>();
		for (Map<String, Object> g : groups) {
			String key = String.valueOf(g.get("group"));
			double value = byCost ? cost(g).doubleValue() : tokens(g);
			int percent = max <= 0 ? 0 : (int) Math.max(value > 0 ? 1 : 0, Math.round(value * 100 / max));
			rows.add(new UsageRow(key, label.apply(key), href.apply(key), number(g.get("runs")), tokens(g), cost(g),
					Boolean.TRUE.equals(g.get("estimated")), percent));
		}
		return rows;
	}

	public static List<UsageRow> of(List<Map<String, Object>> groups) {
		return of(groups, Function.identity(), key -> null);
	}

	/** Whether the bars show cost (else tokens). */
	public static boolean scaledByCost(List<UsageRow> rows) {
		return rows.stream().anyMatch(r -> r.costUsd().signum() > 0);
	}

	private static BigDecimal cost(Map<String, Object> group) {
		return group.get("cost_usd") instanceof BigDecimal b ? b : BigDecimal.ZERO;
	}

	private static long tokens(Map<String, Object> group) {
		return number(group.get("total_tokens"));
	}

	private static long number(Object value) {
		return value instanceof Number n ? n.longValue() : 0;
	}

}
