package io.quantapilot.common;

import java.util.Map;

/**
 * A background part of a role (the worker pool, notification delivery, the checks watcher) that reports
 * its own health. It exists only in processes running its role, so {@code /health} lists exactly what
 * the process runs.
 */
public interface ComponentHealth {

	/** The component's name in {@code /health}, e.g. {@code worker_pool}. */
	String component();

	/** Its figures, with a {@code status} of {@code healthy}, {@code degraded} or {@code unhealthy}. */
	Map<String, Object> health();

}
