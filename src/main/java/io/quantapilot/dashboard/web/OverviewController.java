package io.quantapilot.dashboard.web;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.dashboard.internal.Overview;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The overview at {@code /}: figures, alerts, recent projects and waiting decisions. */
@Controller
@ConditionalOnRole(Role.DASHBOARD)
class OverviewController {

	static final String VIEW = "dashboard/overview";

	private final Overview overview;

	OverviewController(Overview overview) {
		this.overview = overview;
	}

	@GetMapping("/")
	String overview(Model model) {
		model.addAttribute("figures", overview.figures());
		return VIEW;
	}

}
