package io.quantapilot.workflow.steps;

import java.util.Map;

import io.quantapilot.agents.AgentRequest;
import io.quantapilot.agents.AgentRole;
import io.quantapilot.agents.AgentService;
import io.quantapilot.forge.Workspace;
import io.quantapilot.projects.Project;
import io.quantapilot.projects.ProjectService;
import io.quantapilot.projects.Stage;
import io.quantapilot.projects.StageStatus;
import io.quantapilot.quality.QualityService;

import org.springframework.stereotype.Component;

/**
 * Implement: on the stage branch (from the latest {@code main}), the developer writes the stage; the
 * result is committed with a conventional message and pushed. A fix attempt, and a stage sent back by a person,
 * gets the failed quality gates with their evidence, the person's guidance and the failing test output.
 */
@Component
class ImplementStep implements StepHandler {

	private final ProjectService projects;

	private final AgentService agents;

	private final QualityService quality;

	private final ProjectWorkspaces workspaces;

	private final AgentRequests requests;

	ImplementStep(ProjectService projects, AgentService agents, QualityService quality,
			ProjectWorkspaces workspaces, AgentRequests requests) {
		this.projects = projects;
		this.agents = agents;
		this.quality = quality;
		this.workspaces = workspaces;
		this.requests = requests;
	}

	@Override
	public String step() {
		return "implement";
	}

	@Override
	public Map<String, Object> execute(StepInvocation invocation) throws Exception {
		Project project = projects.get(invocation.projectId());
		int number = invocation.stageNumber();
		Stage stage = projects.stage(project.id(), number);
		boolean alreadyRan = agents.hasSucceeded(invocation.stepKey());
		projects.stageStep(project.id(), number, StageStatus.RUNNING, step(), !alreadyRan);
		try (Workspace workspace = workspaces.open(project.id())) {
			workspace.checkoutStageBranch(stage.branch());
			if (!alreadyRan) {
				workspace.discardUncommitted();
			}
			// Failing gates come first; when the platform's gates passed, it was the pull request's CI that failed.
			String failureReport = quality.developerReport(project.id(), number)
				.or(() -> workspaces.checksFailureReport(project.id(), number))
				.orElse("");
			AgentRequest.RepositoryTarget repository = requests.repository(project, AgentRole.DEVELOPER, workspace,
					stage.branch(), true);
			AgentService.Result result = agents.run(requests.developer(invocation, project, stage, workspace.dir(),
					failureReport, invocation.variable("guidance"), repository));
			if (repository != null) {
				// The agent pushed its work to the stage branch on the forge: the platform tests and merges that.
				workspace.fastForwardTo(stage.branch());
			}
			projects.syncUsage(project.id(), agents.spending(project.id()).tokens(),
					agents.spending(project.id()).costUsd());
			String subject = invocation.attempt() > 0 ? "fix(stage-" + number + "): make the tests pass (attempt "
					+ invocation.attempt() + ")" : "feat(stage-" + number + "): " + stage.name();
			workspace.commitAll(subject + "\n\n" + stage.goal());
			workspace.push(stage.branch());
			projects.stageCommitted(project.id(), number, workspace.headCommit());
			return Map.of();
		}
	}

}
