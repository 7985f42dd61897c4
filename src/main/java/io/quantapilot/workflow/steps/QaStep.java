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
import io.quantapilot.workflow.WorkflowSettings;

import org.springframework.stereotype.Component;

/**
 * QA, the first half of verify (DESIGN §2): on the committed stage branch the QA agent reviews the stage
 * against its acceptance criteria and adds the tests that are missing; what it wrote is committed and pushed,
 * and then the platform's own test run (the verify step) judges the stage with those tests. Idempotent like
 * implement: a succeeded QA run of the step key is reused, and committing an unchanged tree is a no-op.
 */
@Component
class QaStep implements StepHandler {

	private final ProjectService projects;

	private final AgentService agents;

	private final QualityService quality;

	private final ProjectWorkspaces workspaces;

	private final AgentRequests requests;

	private final WorkflowSettings settings;

	QaStep(ProjectService projects, AgentService agents, QualityService quality, ProjectWorkspaces workspaces,
			AgentRequests requests, WorkflowSettings settings) {
		this.projects = projects;
		this.agents = agents;
		this.quality = quality;
		this.workspaces = workspaces;
		this.requests = requests;
		this.settings = settings;
	}

	@Override
	public String step() {
		return "qa";
	}

	@Override
	public Map<String, Object> execute(StepInvocation invocation) throws Exception {
		if (!settings.qaEnabled()) {
			return Map.of();
		}
		Project project = projects.get(invocation.projectId());
		int number = invocation.stageNumber();
		Stage stage = projects.stage(project.id(), number);
		boolean alreadyRan = agents.hasSucceeded(invocation.stepKey());
		projects.stageStep(project.id(), number, StageStatus.RUNNING, step(), false);
		try (Workspace workspace = workspaces.open(project.id())) {
			workspace.checkoutStageBranch(stage.branch());
			if (!alreadyRan) {
				// An interrupted QA run's half-written tests are not the QA's result.
				workspace.discardUncommitted();
			}
			// On a fix attempt the QA sees what failed, so it does not add tests that merely repeat it.
			String failureReport = quality.developerReport(project.id(), number).orElse("");
			AgentRequest.RepositoryTarget repository = requests.repository(project, AgentRole.QA, workspace,
					stage.branch(), true);
			agents.run(requests.qa(invocation, project, stage, workspace.dir(), failureReport,
					invocation.variable("guidance"), repository));
			if (repository != null) {
				workspace.fastForwardTo(stage.branch());
			}
			projects.syncUsage(project.id(), agents.spending(project.id()).tokens(),
					agents.spending(project.id()).costUsd());
			workspace.commitAll("test(stage-" + number + "): QA tests for " + stage.name() + "\n\n"
					+ "Tests added by the QA agent against the acceptance criteria of: " + stage.goal());
			workspace.push(stage.branch());
			projects.stageCommitted(project.id(), number, workspace.headCommit());
			return Map.of();
		}
	}

}
