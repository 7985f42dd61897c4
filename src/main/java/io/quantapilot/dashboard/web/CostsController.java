package io.quantapilot.dashboard.web;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.dashboard.internal.CostReport;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Costs: agent usage of a period by day, project, role, model and provider, with the month's projection. */
@Controller
@ConditionalOnRole(Role.DASHBOARD)
class CostsController {

	static final String VIEW = "dashboard/costs";

	private final CostReport costs;

	CostsController(CostReport costs) {
		this.costs = costs;
	}

	@GetMapping("/costs")
	String costs(@RequestParam(defaultValue = "30") int days, Model model) {
		model.addAttribute("report", costs.report(days));
		model.addAttribute("periods", CostReport.PERIODS);
		return VIEW;
	}

}
