package io.quantapilot.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.identity.CurrentPrincipal;
import io.quantapilot.projects.Project;
import io.quantapilot.projects.ProjectService;
import io.quantapilot.quality.QualityEvaluation;
import io.quantapilot.quality.QualityPolicy;
import io.quantapilot.quality.QualityService;
import io.quantapilot.quality.TestExecution;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Test executions of generated projects, their quality gates, and each project's testing configuration. */
@RestController
@ConditionalOnRole(Role.API)
@RequestMapping("/api/v1")
class TestingController {

	private final QualityService quality;

	private final ProjectService projects;

	TestingController(QualityService quality, ProjectService projects) {
		this.quality = quality;
		this.projects = projects;
	}

	@GetMapping("/testing/results/{executionId}")
	TestExecution result(@PathVariable UUID executionId) {
		return quality.get(executionId);
	}

	@GetMapping("/projects/{id}/test-executions")
	Map<String, Object> forProject(@PathVariable UUID id) {
		projects.get(id);
		return Map.of("test_executions", quality.forProject(id));
	}

	/**
	 * The project's gate settings in effect, the latest evaluation of each stage and every evaluation so far
	 * (fix attempts included, oldest first).
	 */
	@GetMapping("/testing/quality-gates/{projectId}")
	Map<String, Object> qualityGates(@PathVariable UUID projectId) {
		Project project = projects.get(projectId);
		List<QualityEvaluation> evaluations = quality.evaluations(projectId);
		Map<Integer, QualityEvaluation> latestPerStage = new TreeMap<>();
		evaluations.forEach(evaluation -> latestPerStage.put(evaluation.stageNumber(), evaluation));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("project_id", projectId);
		body.put("configuration", QualityPolicy.from(project.configuration()).toMap());
		body.put("sandbox", quality.sandboxName());
		body.put("stages", List.copyOf(latestPerStage.values()));
		body.put("evaluations", evaluations);
		return body;
	}

	/**
	 * Changes the project's gate thresholds, test timeout, network policy and test command; keys left out keep
	 * their value. The settings are part of the project's configuration, so they also show in
	 * {@code GET /api/v1/projects/{id}}; the next verification uses them.
	 */
	@PutMapping("/testing/configuration/{projectId}")
	Map<String, Object> configure(@PathVariable UUID projectId, @RequestBody Map<String, Object> settings) {
		var principal = CurrentPrincipal.steering();
		projects.get(projectId);
		if (settings.isEmpty()) {
			throw new QuantaPilotException.InvalidRequest("settings",
					"give at least one of " + String.join(", ", new TreeSet<>(QualityPolicy.KEYS)));
		}
		for (String key : settings.keySet()) {
			if (!QualityPolicy.KEYS.contains(key)) {
				throw new QuantaPilotException.InvalidRequest(key, "unknown testing setting '" + key + "' (known: "
						+ String.join(", ", new TreeSet<>(QualityPolicy.KEYS)) + ")");
			}
		}
		QualityPolicy.validate(settings, "");
		Project project = projects.reconfigure(projectId, settings, null, principal.actor());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("project_id", projectId);
		body.put("configuration", QualityPolicy.from(project.configuration()).toMap());
		return body;
	}

}
