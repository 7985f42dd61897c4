package io.quantapilot.dashboard.web;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.agents.AgentService;
import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.decisions.Decision;
import io.quantapilot.decisions.DecisionService;
import io.quantapilot.decisions.DecisionStatus;
import io.quantapilot.decisions.DecisionType;
import io.quantapilot.identity.CurrentPrincipal;
import io.quantapilot.projects.Project;
import io.quantapilot.projects.ProjectService;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The decisions inbox and one decision: its context (the plan, the test report, the budget figures) and
 * the answer — approve, reject or modify with comments. Viewers see everything but cannot answer.
 */
@Controller
@ConditionalOnRole(Role.DASHBOARD)
class DecisionPagesController {

	static final String LIST_VIEW = "dashboard/decisions";

	static final String LIST_FRAGMENT = "dashboard/decisions :: list";

	static final String DECISION_VIEW = "dashboard/decision";

	static final String PANEL_FRAGMENT = "dashboard/decision :: panel";

	/** Context entries shown in their own sections; the rest are listed as they are. */
	private static final Set<String> SHOWN_APART = Set.of("project_name", "plan_summary", "stages", "last_test_run",
			"budget_limits", "spent_so_far", "how_to_answer", "error", "estimated_tokens", "estimated_cost_usd");

	private final DecisionService decisions;

	private final ProjectService projects;

	private final AgentService agents;

	DecisionPagesController(DecisionService decisions, ProjectService projects, AgentService agents) {
		this.decisions = decisions;
		this.projects = projects;
		this.agents = agents;
	}

	/** An answer as posted. */
	record DecideForm(String decision, String comments, String maxTokens, String maxCostUsd, String provider) {
	}

	@GetMapping("/decisions")
	String inbox(@RequestParam(defaultValue = "pending") String show, Model model) {
		list(show, model);
		return LIST_VIEW;
	}

	/** The inbox's list alone, fetched again when the stream says the decisions changed. */
	@GetMapping("/decisions/list")
	String inboxList(@RequestParam(defaultValue = "pending") String show, Model model) {
		list(show, model);
		return LIST_FRAGMENT;
	}

	@GetMapping("/decisions/{id}")
	String decision(@PathVariable UUID id, @RequestParam(required = false) String done, Model model) {
		page(id, model);
		if (done != null) {
			model.addAttribute("notice", "Your answer is recorded.");
		}
		return DECISION_VIEW;
	}

	@GetMapping("/decisions/{id}/panel")
	String panel(@PathVariable UUID id, Model model) {
		page(id, model);
		return PANEL_FRAGMENT;
	}

	@PostMapping("/decisions/{id}")
	ModelAndView decide(@PathVariable UUID id, @ModelAttribute DecideForm form, Model model) {
		String actor = CurrentPrincipal.steering().actor();
		try {
			Decision decision = decisions.get(id);
			String outcome = form.decision() == null ? "" : form.decision().strip();
			Map<String, Object> modifications = "modify".equals(outcome) ? modifications(decision.type(), form) : null;
			decisions.decide(id, outcome, blankToNull(form.comments()), modifications, actor);
			return Redirects.to("/decisions/" + id + "?done");
		}
		catch (QuantaPilotException.Conflict | QuantaPilotException.InvalidRequest ex) {
			page(id, model);
			model.addAttribute("error", ex.getMessage());
			model.addAttribute("form", form);
			ModelAndView view = new ModelAndView(DECISION_VIEW, model.asMap());
			view.setStatus(ex instanceof QuantaPilotException.Conflict ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST);
			return view;
		}
	}

	private void list(String show, Model model) {
		boolean all = "all".equals(show);
		model.addAttribute("show", all ? "all" : "pending");
		model.addAttribute("decisions", decisions.list(all ? null : DecisionStatus.PENDING, null, 100));
	}

	private void page(UUID id, Model model) {
		Decision decision = decisions.get(id);
		Map<String, Object> other = new LinkedHashMap<>();
		decision.context().forEach((key, value) -> {
			if (!SHOWN_APART.contains(key) && value != null) {
				other.put(key, value);
			}
		});
		model.addAttribute("decision", decision);
		Project project = projects.get(decision.projectId());
		model.addAttribute("project", project);
		model.addAttribute("pageTitle", decision.type().wireName().replace('_', ' ') + ": " + project.name());
		model.addAttribute("context", decision.context());
		model.addAttribute("otherContext", other);
		model.addAttribute("form", new DecideForm("", "", "", "", ""));
		if (decision.type() == DecisionType.AGENT_FAILURE) {
			model.addAttribute("providers", agents.checkProviders());
		}
	}

	/** Modify answers that change settings carry them as the API's {@code modifications} (checked first). */
	private Map<String, Object> modifications(DecisionType type, DecideForm form) {
		if (type == DecisionType.BUDGET_EXCEEDED) {
			Map<String, Object> budget = new LinkedHashMap<>();
			BigDecimal tokens = number(form.maxTokens(), "token budget");
			BigDecimal cost = number(form.maxCostUsd(), "cost budget");
			if (tokens != null) {
				budget.put("max_tokens", tokens.longValue());
			}
			if (cost != null) {
				budget.put("max_cost_usd", cost);
			}
			if (budget.isEmpty()) {
				throw new QuantaPilotException.InvalidRequest("budget_limits",
						"to modify, give the new token or cost budget");
			}
			projects.validateSettings(null, budget);
			return Map.of("budget_limits", budget);
		}
		if (type == DecisionType.AGENT_FAILURE) {
			String provider = blankToNull(form.provider());
			if (provider == null) {
				throw new QuantaPilotException.InvalidRequest("agent_provider", "to modify, choose another provider");
			}
			projects.validateSettings(Map.of("agent_provider", provider), null);
			agents.requireUsable(provider);
			return Map.of("agent_provider", provider);
		}
		return null;
	}

	private static BigDecimal number(String text, String what) {
		if (blankToNull(text) == null) {
			return null;
		}
		try {
			return new BigDecimal(text.strip());
		}
		catch (NumberFormatException ex) {
			throw new QuantaPilotException.InvalidRequest(what, "the " + what + " must be a number");
		}
	}

	private static String blankToNull(String text) {
		return text == null || text.isBlank() ? null : text;
	}

}
