package io.quantapilot.api;

import java.util.Map;
import java.util.UUID;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.decisions.DecisionService;
import io.quantapilot.decisions.DecisionStatus;
import io.quantapilot.identity.CurrentPrincipal;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Human-in-the-loop decisions: list, read, decide (once). */
@RestController
@ConditionalOnRole(Role.API)
@RequestMapping("/api/v1/hitl/decisions")
class DecisionsController {

	private final DecisionService decisions;

	private final io.quantapilot.projects.ProjectService projects;

	private final io.quantapilot.agents.AgentService agents;

	private final io.quantapilot.forge.ForgeService forge;

	DecisionsController(DecisionService decisions, io.quantapilot.projects.ProjectService projects,
			io.quantapilot.agents.AgentService agents, io.quantapilot.forge.ForgeService forge) {
		this.decisions = decisions;
		this.projects = projects;
		this.agents = agents;
		this.forge = forge;
	}

	record DecideRequest(String decision, String comments, Map<String, Object> modifications) {
	}

	@GetMapping
	Map<String, Object> list(@RequestParam(required = false) String status,
			@RequestParam(name = "project_id", required = false) UUID projectId,
			@RequestParam(defaultValue = "50") int limit) {
		if (limit < 1 || limit > 200) {
			throw new QuantaPilotException.InvalidRequest("limit", "limit must be between 1 and 200");
		}
		DecisionStatus filter = status != null && !status.isBlank() ? DecisionStatus.fromWireName(status) : null;
		return Map.of("decisions",
				decisions.list(filter, projectId, limit).stream().map(ApiViews.DecisionView::of).toList());
	}

	@GetMapping("/{id}")
	ApiViews.DecisionView get(@PathVariable UUID id) {
		return ApiViews.DecisionView.of(decisions.get(id));
	}

	@PostMapping("/{id}")
	ApiViews.DecisionView decide(@PathVariable UUID id, @RequestBody DecideRequest request) {
		String actor = CurrentPrincipal.steering().actor();
		if (request.decision() == null || request.decision().isBlank()) {
			throw new QuantaPilotException.InvalidRequest("decision", "decision is required (approve, reject or modify)");
		}
		if ("modify".equals(request.decision()) && request.modifications() != null) {
			io.quantapilot.decisions.Decision decision = decisions.get(id);
			validateModifications(decision.type(), forge.providerOf(decision.projectId()), request.modifications());
		}
		return ApiViews.DecisionView
			.of(decisions.decide(id, request.decision(), request.comments(), request.modifications(), actor));
	}

	/** Modifications that change project settings must be valid before the decision is recorded. */
	@SuppressWarnings("unchecked")
	private void validateModifications(io.quantapilot.decisions.DecisionType type, String projectForge,
			Map<String, Object> modifications) {
		Object budget = modifications.get("budget_limits");
		Object provider = modifications.get("agent_provider");
		if (budget != null && !(budget instanceof Map)) {
			throw new QuantaPilotException.InvalidRequest("modifications.budget_limits", "budget_limits must be an object");
		}
		if (provider != null && !(provider instanceof String)) {
			throw new QuantaPilotException.InvalidRequest("modifications.agent_provider", "agent_provider must be a string");
		}
		if (type == io.quantapilot.decisions.DecisionType.BUDGET_EXCEEDED && budget == null) {
			throw new QuantaPilotException.InvalidRequest("modifications.budget_limits",
					"modify a budget_exceeded decision with {\"budget_limits\": {\"max_tokens\": …, \"max_cost_usd\": …}}");
		}
		if (type == io.quantapilot.decisions.DecisionType.AGENT_FAILURE && provider == null) {
			throw new QuantaPilotException.InvalidRequest("modifications.agent_provider",
					"modify an agent_failure decision with {\"agent_provider\": \"…\"}");
		}
		projects.validateSettings(provider != null ? Map.of("agent_provider", provider) : null,
				(Map<String, Object>) budget);
		if (provider != null) {
			// Switching to a cloud agent needs the project on GitHub.
			agents.requireUsable((String) provider, projectForge);
		}
	}

}
