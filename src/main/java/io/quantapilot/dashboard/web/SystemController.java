package io.quantapilot.dashboard.web;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.dashboard.internal.LiveUpdates;
import io.quantapilot.decisions.DecisionService;
import io.quantapilot.decisions.DecisionStatus;
import io.quantapilot.ops.SystemHealth;
import io.quantapilot.projects.ProjectService;
import io.quantapilot.projects.ProjectStatus;
import io.quantapilot.workflow.WorkflowService;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * System: this node's health per component (what {@code GET /health} says), the work queue, the engine's
 * jobs, and recent trouble (failed projects, decisions that timed out).
 */
@Controller
@ConditionalOnRole(Role.DASHBOARD)
class SystemController {

	static final String VIEW = "dashboard/system";

	private final SystemHealth health;

	private final WorkflowService workflow;

	private final ProjectService projects;

	private final DecisionService decisions;

	private final LiveUpdates live;

	SystemController(SystemHealth health, WorkflowService workflow, ProjectService projects,
			DecisionService decisions, LiveUpdates live) {
		this.health = health;
		this.workflow = workflow;
		this.projects = projects;
		this.decisions = decisions;
		this.live = live;
	}

	@GetMapping("/system")
	String system(Model model) {
		model.addAttribute("health", health.check());
		model.addAttribute("engine", workflow.engineStatus());
		model.addAttribute("byStatus", projects.countByStatus());
		model.addAttribute("failedProjects", projects.list(ProjectStatus.FAILED, 10, 0).projects());
		model.addAttribute("timedOut", decisions.list(DecisionStatus.TIMED_OUT, null, 10));
		model.addAttribute("uptime", Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime()));
		model.addAttribute("openStreams", live.openStreams());
		return VIEW;
	}

}
