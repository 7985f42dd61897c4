package io.quantapilot.ops.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.quantapilot.common.PlatformSettings;
import io.quantapilot.quality.QualityService;
import io.quantapilot.workflow.WorkflowService;

import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /health}: per component, {@code healthy}/{@code degraded}/{@code unhealthy}; 503 when
 * unhealthy. The database component reports its durability settings (DESIGN §4).
 */
@RestController
class HealthController {

	private static final long MIN_FREE_BYTES = 1L << 30;

	private final JdbcClient jdbc;

	private final WorkflowService workflow;

	private final QualityService quality;

	private final PlatformSettings platform;

	HealthController(JdbcClient jdbc, WorkflowService workflow, QualityService quality, PlatformSettings platform) {
		this.jdbc = jdbc;
		this.workflow = workflow;
		this.quality = quality;
		this.platform = platform;
	}

	@GetMapping("/health")
	ResponseEntity<Map<String, Object>> health() {
		Map<String, Object> components = new LinkedHashMap<>();
		components.put("database", database());
		components.put("engine", engine());
		components.put("storage", storage());
		components.put("sandbox", Map.of("status", "none".equals(quality.sandboxName()) ? "degraded" : "healthy",
				"sandbox", quality.sandboxName()));
		String overall = "healthy";
		for (Object component : components.values()) {
			String status = (String) ((Map<?, ?>) component).get("status");
			if ("unhealthy".equals(status)) {
				overall = "unhealthy";
			}
			else if ("degraded".equals(status) && !"unhealthy".equals(overall)) {
				overall = "degraded";
			}
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", overall);
		body.put("components", components);
		String version = HealthController.class.getPackage().getImplementationVersion();
		body.put("version", version != null ? version : "development");
		body.put("roles", platform.roles() == null || platform.roles().isEmpty() ? java.util.List.of("all")
				: platform.roles());
		return ResponseEntity.status("unhealthy".equals(overall) ? 503 : 200).body(body);
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
			boolean ok = status.processDeployed() && (status.asyncExecutorActive() || !platform.runs("engine"));
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
