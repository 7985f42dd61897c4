package io.quantapilot.workflow.steps;

import java.util.Map;

import io.quantapilot.forge.Workspace;
import io.quantapilot.projects.ProjectService;
import io.quantapilot.projects.Stage;
import io.quantapilot.projects.StageStatus;
import io.quantapilot.quality.QualityService;
import io.quantapilot.quality.TestExecution;
import io.quantapilot.workflow.WorkflowSettings;

import org.springframework.stereotype.Component;

/** Verify: run the generated project's own tests on the committed stage branch and record the result. */
@Component
class VerifyStep implements StepHandler {

	private final ProjectService projects;

	private final QualityService quality;

	private final ProjectWorkspaces workspaces;

	private final WorkflowSettings settings;

	VerifyStep(ProjectService projects, QualityService quality, ProjectWorkspaces workspaces,
			WorkflowSettings settings) {
		this.projects = projects;
		this.quality = quality;
		this.workspaces = workspaces;
		this.settings = settings;
	}

	@Override
	public String step() {
		return "verify";
	}

	@Override
	public Map<String, Object> execute(StepInvocation invocation) throws Exception {
		int number = invocation.stageNumber();
		Stage stage = projects.stage(invocation.projectId(), number);
		projects.stageStep(invocation.projectId(), number, StageStatus.RUNNING, step(), false);
		try (Workspace workspace = workspaces.open(invocation.projectId())) {
			workspace.checkoutStageBranch(stage.branch());
			// Test exactly what was committed: no leftovers of earlier runs.
			workspace.discardUncommitted();
			TestExecution execution = quality.runTests(invocation.projectId(), number, invocation.stepKey(),
					workspace.dir(), settings.testTimeout());
			workspace.discardUncommitted();
			return Map.of("testsPassed", execution.passed(), "testExecutionId", execution.id().toString());
		}
	}

}
