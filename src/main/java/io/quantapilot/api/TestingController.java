package io.quantapilot.api;

import java.util.Map;
import java.util.UUID;

import io.quantapilot.projects.ProjectService;
import io.quantapilot.quality.QualityService;
import io.quantapilot.quality.TestExecution;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Test executions of generated projects. */
@RestController
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

}
