package io.quantapilot.quality;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A stored run of a project's tests for one stage attempt.
 *
 * @param coveragePercent line coverage in percent, or {@code null} when it was not measured
 * @param coverageFormat the coverage report read ({@code jacoco}, {@code cobertura}, {@code lcov},
 *     {@code go}), or {@code null}
 * @param coverageNote why coverage was not measured, or {@code null}
 */
public record TestExecution(UUID id, UUID projectId, int stageNumber, String stepKey, String command,
		String ecosystem, String sandbox, Integer exitCode, boolean timedOut, boolean passed, int total, int failed,
		int errors, int skipped, List<Map<String, Object>> failures, String output, long durationMs,
		BigDecimal coveragePercent, String coverageFormat, String coverageNote, Instant createdAt) {

	/** The figures a person needs at a glance (decision context, pull request body). */
	public Map<String, Object> summaryMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("execution_id", id.toString());
		map.put("passed", passed);
		map.put("total", total);
		map.put("failed", failed);
		map.put("errors", errors);
		map.put("skipped", skipped);
		map.put("timed_out", timedOut);
		map.put("coverage_percent", coveragePercent);
		map.put("command", command);
		map.put("duration_ms", durationMs);
		return map;
	}

}
