package io.quantapilot.workflow.steps;

import java.util.Map;

import io.quantapilot.agents.AgentRole;
import io.quantapilot.agents.AgentService;
import io.quantapilot.agents.Plan;
import io.quantapilot.agents.spi.AgentTask;
import io.quantapilot.forge.Workspace;
import io.quantapilot.projects.Project;
import io.quantapilot.projects.ProjectService;
import io.quantapilot.projects.ProjectStatus;
import io.quantapilot.projects.StageDefinition;

import org.springframework.stereotype.Component;

/**
 * Plan: the architect writes {@code .quantapilot/plan.json}, the architecture document and the rules for
 * coding agents; the plan is validated, committed to {@code main} and its stages recorded.
 */
@Component
class PlanStep implements StepHandler {

	private final ProjectService projects;

	private final AgentService agents;

	private final ProjectWorkspaces workspaces;

	PlanStep(ProjectService projects, AgentService agents, ProjectWorkspaces workspaces) {
		this.projects = projects;
		this.agents = agents;
		this.workspaces = workspaces;
	}

	@Override
	public String step() {
		return "plan";
	}

	@Override
	public Map<String, Object> execute(StepInvocation invocation) throws Exception {
		Project project = projects.get(invocation.projectId());
		if (project.status() != ProjectStatus.PLANNING) {
			projects.markPlanning(project.id());
		}
		try (Workspace workspace = workspaces.open(project.id())) {
			workspace.checkoutStageBranch(Workspace.MAIN);
			if (!agents.hasSucceeded(invocation.stepKey())) {
				workspace.discardUncommitted();
			}
			String comments = invocation.variable("planComments");
			AgentService.Result result = agents.run(invocation.stepKey(), project.agentProvider(),
					new AgentTask(project.id(), null, AgentRole.ARCHITECT, workspace.dir(), project.readme(),
							comments != null ? comments : "", ""));
			if (!result.reused()) {
				projects.recordUsage(project.id(), result.run().totalTokens(), result.run().costUsd());
			}
			Plan plan = agents.readPlan(workspace.dir());
			workspace.commitAll("docs(plan): architecture and stage plan"
					+ (invocation.attempt() > 0 ? " (revision " + invocation.attempt() + ")" : ""));
			workspace.push(Workspace.MAIN);
			projects.planStages(project.id(),
					plan.stages()
						.stream()
						.map(s -> new StageDefinition(s.number(), s.name(), s.goal(),
								s.acceptanceCriteria() != null ? s.acceptanceCriteria() : java.util.List.of(),
								s.estimatedTokens()))
						.toList());
			return Map.of("planSummary", plan.summary());
		}
	}

}
