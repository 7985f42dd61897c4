package io.quantapilot.workflow.steps;

import java.util.Map;

import io.quantapilot.agents.AgentRequest;
import io.quantapilot.agents.AgentRole;
import io.quantapilot.agents.AgentService;
import io.quantapilot.agents.Plan;
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

	private final AgentRequests requests;

	PlanStep(ProjectService projects, AgentService agents, ProjectWorkspaces workspaces, AgentRequests requests) {
		this.projects = projects;
		this.agents = agents;
		this.workspaces = workspaces;
		this.requests = requests;
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
			String previousError = invocation.variable("previousError");
			if (previousError != null && previousError.startsWith("invalid plan")) {
				// A retry after an invalid plan tells the architect what was wrong.
				comments = (comments != null ? comments + "\n\n" : "") + "Your previous plan was rejected: "
						+ previousError;
			}
			// A cloud architect pushes the plan to a branch of its own; main takes it by fast-forward.
			String planBranch = "quantapilot/plan" + (invocation.attempt() > 0 ? "-revision-" + invocation.attempt() : "");
			AgentRequest.RepositoryTarget repository = requests.repository(project, AgentRole.ARCHITECT, workspace,
					planBranch, false);
			AgentService.Result result = agents
				.run(requests.architect(invocation, project, workspace.dir(), comments, repository));
			if (repository != null) {
				workspace.fastForwardTo(planBranch);
			}
			projects.syncUsage(project.id(), agents.spending(project.id()).tokens(),
					agents.spending(project.id()).costUsd());
			Plan plan;
			try {
				plan = agents.readPlan(workspace.dir());
			}
			catch (AgentService.InvalidPlanException ex) {
				// The next attempt must run the architect again (with the errors), not reuse this output.
				agents.rejectRun(invocation.stepKey(), ex.getMessage());
				throw ex;
			}
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
