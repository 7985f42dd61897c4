package io.quantapilot.workflow.steps;

import java.util.Map;

import io.quantapilot.forge.Workspace;
import io.quantapilot.projects.Project;
import io.quantapilot.projects.ProjectService;
import io.quantapilot.projects.Stage;
import io.quantapilot.projects.StageStatus;
import io.quantapilot.quality.QualityEvaluation;
import io.quantapilot.quality.QualityService;
import io.quantapilot.workflow.WorkflowSettings;

import org.springframework.stereotype.Component;

/**
 * Verify: run the generated project's own tests on the committed stage branch and judge them against the
 * project's quality gates; the stage goes on only when every gate passed.
 */
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
		Project project = projects.get(invocation.projectId());
		Stage stage = projects.stage(invocation.projectId(), number);
		projects.stageStep(invocation.projectId(), number, StageStatus.RUNNING, step(), false);
		try (Workspace workspace = workspaces.open(invocation.projectId())) {
			workspace.checkoutStageBranch(stage.branch());
			// Test exactly what was committed: no leftovers of earlier runs.
			workspace.discardUncommitted();
			QualityEvaluation evaluation = quality.verify(invocation.projectId(), number, invocation.stepKey(),
					workspace.dir(), project.configuration(), settings.testTimeout());
			workspace.discardUncommitted();
			// "testsPassed" is what the process branches on: all gates, not only the tests.
			return Map.of("testsPassed", evaluation.passed(), "testExecutionId", evaluation.executionId().toString(),
					"qualityEvaluationId", evaluation.id().toString());
		}
	}

}
