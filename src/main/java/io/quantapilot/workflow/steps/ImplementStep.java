package io.quantapilot.workflow.steps;

import java.util.Map;

import io.quantapilot.agents.AgentRole;
import io.quantapilot.agents.AgentService;
import io.quantapilot.agents.spi.AgentTask;
import io.quantapilot.forge.Workspace;
import io.quantapilot.projects.Project;
import io.quantapilot.projects.ProjectService;
import io.quantapilot.projects.Stage;
import io.quantapilot.projects.StageStatus;
import io.quantapilot.quality.QualityService;
import io.quantapilot.quality.TestExecution;

import org.springframework.stereotype.Component;

/**
 * Implement: on the stage branch (from the latest {@code main}), the developer writes the stage; the
 * result is committed with a conventional message and pushed. A fix attempt gets the failing test output.
 */
@Component
class ImplementStep implements StepHandler {

	private static final int MAX_FAILURE_REPORT = 20_000;

	private final ProjectService projects;

	private final AgentService agents;

	private final QualityService quality;

	private final ProjectWorkspaces workspaces;

	ImplementStep(ProjectService projects, AgentService agents, QualityService quality,
			ProjectWorkspaces workspaces) {
		this.projects = projects;
		this.agents = agents;
		this.quality = quality;
		this.workspaces = workspaces;
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
			String failureReport = invocation.attempt() > 0 ? failureReport(project, number) : "";
			AgentService.Result result = agents.run(invocation.stepKey(), project.agentProvider(),
					new AgentTask(project.id(), number, AgentRole.DEVELOPER, workspace.dir(), project.readme(), "",
							failureReport));
			if (!result.reused()) {
				projects.recordUsage(project.id(), result.run().totalTokens(), result.run().costUsd());
			}
			String subject = invocation.attempt() > 0 ? "fix(stage-" + number + "): make the tests pass (attempt "
					+ invocation.attempt() + ")" : "feat(stage-" + number + "): " + stage.name();
			workspace.commitAll(subject + "\n\n" + stage.goal());
			workspace.push(stage.branch());
			projects.stageCommitted(project.id(), number, workspace.headCommit());
			return Map.of();
		}
	}

	private String failureReport(Project project, int stage) {
		// Failing tests of the last verify come first; when those passed, it was the pull request's CI that failed.
		return quality.latest(project.id(), stage)
			.filter(execution -> !execution.passed())
			.map(ImplementStep::describe)
			.or(() -> workspaces.checksFailureReport(project.id(), stage))
			.or(() -> quality.latest(project.id(), stage).map(ImplementStep::describe))
			.orElse("");
	}

	private static String describe(TestExecution execution) {
		String output = execution.output() != null ? execution.output() : "";
		if (output.length() > MAX_FAILURE_REPORT) {
			output = "[… " + (output.length() - MAX_FAILURE_REPORT) + " characters left out …]\n"
					+ output.substring(output.length() - MAX_FAILURE_REPORT);
		}
		return "Command: " + execution.command() + "\nFailed: " + execution.failed() + ", errors: "
				+ execution.errors() + "\n" + output;
	}

}
