package io.quantapilot.workflow.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.quantapilot.forge.ForgeService;
import io.quantapilot.forge.MergeResult;
import io.quantapilot.forge.PullRequest;
import io.quantapilot.forge.Workspace;
import io.quantapilot.projects.Project;
import io.quantapilot.projects.ProjectService;
import io.quantapilot.projects.Stage;
import io.quantapilot.projects.StageStatus;
import io.quantapilot.quality.QualityEvaluation;
import io.quantapilot.quality.QualityService;
import io.quantapilot.quality.TestExecution;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Publish and merge: open the stage's pull request with the test run as its check, squash-merge it into
 * {@code main} with a conventional commit carrying the stage trailer, delete the branch. A retry finds the
 * merge by its trailer and does not merge again.
 */
@Component
class MergeStep implements StepHandler {

	private final ProjectService projects;

	private final ForgeService forge;

	private final QualityService quality;

	private final ProjectWorkspaces workspaces;

	private final JsonMapper json;

	MergeStep(ProjectService projects, ForgeService forge, QualityService quality, ProjectWorkspaces workspaces,
			JsonMapper json) {
		this.projects = projects;
		this.forge = forge;
		this.quality = quality;
		this.workspaces = workspaces;
		this.json = json;
	}

	@Override
	public String step() {
		return "merge";
	}

	@Override
	public Map<String, Object> execute(StepInvocation invocation) throws Exception {
		Project project = projects.get(invocation.projectId());
		int number = invocation.stageNumber();
		Stage stage = projects.stage(project.id(), number);
		projects.stageStep(project.id(), number, StageStatus.AWAITING_CHECKS, step(), false);
		String trailer = project.id() + "/stage-" + number;
		try (Workspace workspace = workspaces.open(project.id())) {
			boolean merged = workspace.findMainCommitWithTrailer(trailer).isPresent();
			String head = merged ? stage.commitId() : headOf(workspace, stage);
			PullRequest pullRequest = forge.openPullRequest(project.id(), number, "Stage " + number + ": " + stage.name(),
					stage.branch(), head, project.repositoryUrl());
			TestExecution tests = quality.latest(project.id(), number).orElse(null);
			QualityEvaluation gates = quality.latestEvaluation(project.id(), number).orElse(null);
			if (tests != null) {
				List<Map<String, Object>> checks = new ArrayList<>();
				checks.add(Map.of("name", "quantapilot/tests", "status", "completed", "conclusion",
						tests.passed() ? "success" : "failure", "execution_id", tests.id().toString()));
				if (gates != null) {
					checks.add(Map.of("name", "quantapilot/quality-gates", "status", "completed", "conclusion",
							gates.passed() ? "success" : "failure", "evaluation_id", gates.id().toString()));
				}
				forge.recordCheck(project.id(), number, json.writeValueAsString(checks));
			}
			MergeResult result = workspace.squashMergeIntoMain(stage.branch(),
					message(stage, tests, pullRequest) + (gates != null ? "\n" + gates.report() : ""), trailer);
			forge.markMerged(project.id(), number, result.commitId());
			projects.stageFinished(project.id(), number, StageStatus.COMPLETED, result.commitId());
			return Map.of("mergeCommit", result.commitId());
		}
	}

	private static String headOf(Workspace workspace, Stage stage) {
		workspace.checkoutStageBranch(stage.branch());
		return workspace.headCommit();
	}

	private static String message(Stage stage, TestExecution tests, PullRequest pullRequest) {
		StringBuilder message = new StringBuilder("feat(stage-").append(stage.number())
			.append("): ")
			.append(stage.name())
			.append(" (#")
			.append(pullRequest.number())
			.append(")\n\n")
			.append(stage.goal())
			.append('\n');
		if (!stage.acceptanceCriteria().isEmpty()) {
			message.append("\nAcceptance criteria:\n");
			stage.acceptanceCriteria().forEach(c -> message.append("- ").append(c).append('\n'));
		}
		if (tests != null) {
			message.append("\nTests: ")
				.append(tests.passed() ? "passed" : "FAILED")
				.append(tests.total() >= 0 ? " — " + tests.total() + " run, " + tests.failed() + " failed" : "")
				.append('\n');
		}
		return message.toString();
	}

}
