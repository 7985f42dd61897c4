package io.quantapilot.api;

import java.util.Map;
import java.util.UUID;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.identity.CurrentPrincipal;
import io.quantapilot.projects.ProjectService;
import io.quantapilot.workflow.WorkflowService;
import io.quantapilot.workflow.WorkflowView;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A project's workflow: its state, pause, resume, and the actions retry_stage and cancel. */
@RestController
@ConditionalOnRole(Role.API)
@RequestMapping("/api/v1/projects/{id}/workflow")
class WorkflowController {

	private final WorkflowService workflow;

	private final ProjectService projects;

	WorkflowController(WorkflowService workflow, ProjectService projects) {
		this.workflow = workflow;
		this.projects = projects;
	}

	record ActionRequest(String action, String stage, Map<String, Object> parameters) {
	}

	@GetMapping
	WorkflowView get(@PathVariable UUID id) {
		return workflow.view(id);
	}

	@PostMapping("/pause")
	Map<String, Object> pause(@PathVariable UUID id) {
		workflow.pause(id, CurrentPrincipal.steering().actor());
		return state(id);
	}

	@PostMapping("/resume")
	Map<String, Object> resume(@PathVariable UUID id) {
		workflow.resume(id, CurrentPrincipal.steering().actor());
		return state(id);
	}

	@PostMapping("/actions")
	Map<String, Object> action(@PathVariable UUID id, @RequestBody ActionRequest request) {
		String actor = CurrentPrincipal.steering().actor();
		if (request.action() == null) {
			throw new QuantaPilotException.InvalidRequest("action", "action is required (retry_stage or cancel)");
		}
		switch (request.action()) {
			case "retry_stage" -> workflow.retryStage(id, stageNumber(request.stage()), actor);
			case "cancel" -> workflow.cancel(id, actor);
			default -> throw new QuantaPilotException.InvalidRequest("action",
					"unknown action '" + request.action() + "' (supported: retry_stage, cancel)");
		}
		return state(id);
	}

	private Map<String, Object> state(UUID id) {
		return Map.of("project_id", id, "status", projects.get(id).status().wireName());
	}

	private static Integer stageNumber(String stage) {
		if (stage == null || stage.isBlank()) {
			return null;
		}
		try {
			return Integer.valueOf(stage.strip());
		}
		catch (NumberFormatException ex) {
			throw new QuantaPilotException.InvalidRequest("stage", "stage must be a stage number");
		}
	}

}
