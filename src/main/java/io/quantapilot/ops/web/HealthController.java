package io.quantapilot.ops.web;

import java.util.LinkedHashMap;
import java.util.Map;

import io.quantapilot.ops.SystemHealth;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /health}: per component, {@code healthy}/{@code degraded}/{@code unhealthy}; 503 when
 * unhealthy (the checks themselves are {@link SystemHealth}, shared with the dashboard).
 */
@RestController
class HealthController {

	private final SystemHealth health;

	HealthController(SystemHealth health) {
		this.health = health;
	}

	@GetMapping("/health")
	ResponseEntity<Map<String, Object>> health() {
		SystemHealth.Report report = health.check();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", report.status());
		body.put("components", report.components());
		body.put("version", report.version());
		body.put("roles", report.roles());
		body.put("services", report.services());
		return ResponseEntity.status(report.unhealthy() ? 503 : 200).body(body);
	}

}
