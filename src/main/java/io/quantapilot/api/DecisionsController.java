package io.quantapilot.api;

import java.util.Map;
import java.util.UUID;

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
@RequestMapping("/api/v1/hitl/decisions")
class DecisionsController {

	private final DecisionService decisions;

	DecisionsController(DecisionService decisions) {
		this.decisions = decisions;
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
		return ApiViews.DecisionView
			.of(decisions.decide(id, request.decision(), request.comments(), request.modifications(), actor));
	}

}
