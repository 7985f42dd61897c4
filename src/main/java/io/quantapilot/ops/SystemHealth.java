package io.quantapilot.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.quantapilot.common.ComponentHealth;
import io.quantapilot.common.PlatformSettings;
import io.quantapilot.common.Roles;
import io.quantapilot.quality.QualityService;
import io.quantapilot.workflow.WorkflowService;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The health of this node, per component ({@code healthy}, {@code degraded}, {@code unhealthy}): what
 * {@code GET /health} answers and the dashboard's System page shows. The database component reports its
 * durability settings (DESIGN §4). The background parts of this node's roles (worker pool, notification
 * delivery, checks watcher) add their own component, so the report shows what this process runs.
 */
@Service
public class SystemHealth {

	private static final long MIN_FREE_BYTES = 1L << 30;

	private final JdbcClient jdbc;

	private final WorkflowService workflow;

	private final QualityService quality;

	private final PlatformSettings platform;

	private final ObjectProvider<ComponentHealth> roleComponents;

	SystemHealth(JdbcClient jdbc, WorkflowService workflow, QualityService quality, PlatformSettings platform,
			ObjectProvider<ComponentHealth> roleComponents) {
		this.roleComponents = roleComponents;
		this.jdbc = jdbc;
		this.workflow = workflow;
		this.quality = quality;
		this.platform = platform;
	}

	/**
	 * One health check.
	 *
	 * @param status the worst status of the components
	 * @param components each component's figures, with its own {@code status}
	 * @param version the build's version
	 * @param roles the roles this node runs
	 * @param services what those roles serve or run on this node
	 */
	public record Report(String status, Map<String, Map<String, Object>> components, String version,
			List<String> roles, List<String> services) {

		public boolean unhealthy() {
			return "unhealthy".equals(status);
		}

	}

	public Report check() {
		Map<String, Map<String, Object>> components = new LinkedHashMap<>();
		components.put("database", database());
		components.put("engine", engine());
		components.put("storage", storage());
		components.put("sandbox", Map.of("status", "none".equals(quality.sandboxName()) ? "degraded" : "healthy",
				"sandbox", quality.sandboxName()));
		roleComponents.orderedStream().forEach(c -> components.put(c.component(), component(c)));
		String overall = "healthy";
		for (Map<String, Object> component : components.values()) {
			String status = (String) component.get("status");
			if ("unhealthy".equals(status)) {
				overall = "unhealthy";
			}
			else if ("degraded".equals(status) && !"unhealthy".equals(overall)) {
				overall = "degraded";
			}
		}
		String version = SystemHealth.class.getPackage().getImplementationVersion();
		Roles roles = platform.activeRoles();
		return new Report(overall, components, version != null ? version : "development", roles.names(),
				roles.services());
	}

	private static Map<String, Object> component(ComponentHealth component) {
		try {
			return component.health();
		}
		catch (RuntimeException ex) {
			return Map.of("status", "unhealthy", "message", component.component() + " cannot report its state");
		}
	}

	private Map<String, Object> database() {
		Map<String, Object> result = new LinkedHashMap<>();
		try {
			String fsync = jdbc.sql("SHOW fsync").query(String.class).single();
			String syncCommit = jdbc.sql("SHOW synchronous_commit").query(String.class).single();
			String version = jdbc.sql("SHOW server_version").query(String.class).single();
			boolean durable = "on".equals(fsync) && !"off".equals(syncCommit);
			result.put("status", durable ? "healthy" : "degraded");
			result.put("version", version);
			result.put("fsync", fsync);
			result.put("synchronous_commit", syncCommit);
			if (!durable) {
				result.put("message", "the database is not durable: a crash may lose committed work");
			}
		}
		catch (RuntimeException ex) {
			result.put("status", "unhealthy");
			result.put("message", "database unreachable");
		}
		return result;
	}

	private Map<String, Object> engine() {
		Map<String, Object> result = new LinkedHashMap<>();
		try {
			WorkflowService.EngineStatus status = workflow.engineStatus();
			boolean ok = status.processDeployed() && (status.asyncExecutorActive() || !platform.runs(io.quantapilot.common.Role.ENGINE));
			result.put("status", !ok ? "unhealthy" : status.failedJobs() > 0 ? "degraded" : "healthy");
			result.put("process_deployed", status.processDeployed());
			result.put("async_executor_active", status.asyncExecutorActive());
			result.put("running_instances", status.runningInstances());
			result.put("failed_jobs", status.failedJobs());
			result.put("work_items", status.workItems());
		}
		catch (RuntimeException ex) {
			result.put("status", "unhealthy");
			result.put("message", "workflow engine unavailable");
		}
		return result;
	}

	private Map<String, Object> storage() {
		Map<String, Object> result = new LinkedHashMap<>();
		try {
			Path dir = platform.dataDir();
			Files.createDirectories(dir);
			long free = Files.getFileStore(dir).getUsableSpace();
			result.put("status", free < MIN_FREE_BYTES ? "degraded" : "healthy");
			result.put("data_dir", dir.toAbsolutePath().normalize().toString());
			result.put("free_bytes", free);
		}
		catch (java.io.IOException ex) {
			result.put("status", "unhealthy");
			result.put("message", "data directory not usable");
		}
		return result;
	}

}
