package io.quantapilot.workflow.steps;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quantapilot.agents.AgentService;
import io.quantapilot.forge.ChecksReport;
import io.quantapilot.forge.ForgeService;
import io.quantapilot.forge.MergeOutcome;
import io.quantapilot.forge.PlatformCheck;
import io.quantapilot.forge.PullRequest;
import io.quantapilot.forge.PullRequestDraft;
import io.quantapilot.forge.RemotePullRequest;
import io.quantapilot.forge.Workspace;
import io.quantapilot.projects.Project;
import io.quantapilot.projects.ProjectService;
import io.quantapilot.projects.Stage;
import io.quantapilot.projects.StageStatus;
import io.quantapilot.quality.QualityService;
import io.quantapilot.quality.TestExecution;

import org.springframework.stereotype.Component;

/**
 * Publish, judge the checks, merge. Publishing pushes the stage branch, opens (or finds) the stage's pull
 * request {@code Stage {n}: {name}} with a description of the stage, and publishes the platform's test
 * run as its check. Then the checks of the head are judged: only when every check passed (or a person
 * approved merging anyway) is the pull request merged, guarded by the judged head, with a conventional
 * commit carrying the stage trailer, and its branch deleted.
 * <p>
 * The step is entered again after every wait for checks; its result tells the process what to do next:
 * {@code stageMerged}, or {@code checksState} {@code pending} (wait), {@code failure} (fix loop or
 * decision), {@code timed_out}, {@code conflict} or {@code closed} (a person decides). A retry after a
 * crash finds the pull request and the merge instead of repeating them.
 */
@Component
class MergeStep implements StepHandler {

	private final ProjectService projects;

	private final ForgeService forge;

	private final QualityService quality;

	private final AgentService agents;

	private final ProjectWorkspaces workspaces;

	MergeStep(ProjectService projects, ForgeService forge, QualityService quality, AgentService agents,
			ProjectWorkspaces workspaces) {
		this.projects = projects;
		this.forge = forge;
		this.quality = quality;
		this.agents = agents;
		this.workspaces = workspaces;
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
		boolean approved = Boolean.parseBoolean(invocation.variable("mergeOverride"));
		projects.stageStep(project.id(), number, StageStatus.AWAITING_CHECKS, step(), false);
		String trailer = project.id() + "/stage-" + number;
		TestExecution tests = quality.latest(project.id(), number).orElse(null);
		try (Workspace workspace = workspaces.open(project.id())) {
			Optional<PullRequest> recorded = forge.pullRequest(project.id(), number);
			Optional<RemotePullRequest> remote = forge.findRemotePullRequest(project.id(), number, stage.branch());
			// Merged before (an earlier attempt that died, or a person on the forge): nothing may be pushed again.
			boolean merged = recorded.map(pr -> "merged".equals(pr.status())).orElse(false)
					|| remote.map(RemotePullRequest::merged).orElse(false)
					|| workspace.findMainCommitWithTrailer(trailer).isPresent();
			if (!merged && !approved && remote.map(RemotePullRequest::closed).orElse(false)) {
				// A person closed it on the forge: reopening it is theirs to decide.
				return waitOrDecide(project, number, "closed",
						"the pull request was closed without merging outside QuantaPilot");
			}
			String head;
			if (merged) {
				head = remote.map(RemotePullRequest::headSha).orElse(stage.commitId());
			}
			else {
				workspace.checkoutStageBranch(stage.branch());
				String checkedOut = workspace.headCommit();
				boolean judgedAndFailed = recorded.filter(pr -> checkedOut.equals(pr.headCommit())
						&& "failure".equals(pr.checksState())).isPresent();
				if (judgedAndFailed && !approved) {
					// The fix attempt changed nothing: a new head lets CI run again (a flaky check may pass).
					workspace.commitEmpty("ci(stage-" + number + "): run the checks again");
				}
				workspace.push(stage.branch());
				head = workspace.headCommit();
			}
			String title = "Stage " + number + ": " + stage.name();
			PullRequest pullRequest = forge.publish(new PullRequestDraft(project.id(), number, title,
					body(project, stage, tests, workspace, merged), stage.branch(), head), platformCheck(tests));
			if (!merged && !approved) {
				ChecksReport checks = forge.evaluateChecks(project.id(), number);
				if (checks.state() != ChecksReport.State.SUCCESS && checks.state() != ChecksReport.State.MERGED) {
					return waitOrDecide(project, number, checks.state().wireName(), checks.problem());
				}
			}
			// The gate report (with an override's reason) travels with the merge commit.
			String message = message(stage, tests, pullRequest, approved) + quality.latestEvaluation(project.id(), number)
				.map(gates -> "\n" + gates.report())
				.orElse("");
			int split = message.indexOf("\n\n");
			MergeOutcome outcome = forge.merge(project.id(), number, workspace, message.substring(0, split),
					message.substring(split + 2), trailer);
			return switch (outcome.kind()) {
				case MERGED -> {
					projects.stageFinished(project.id(), number, StageStatus.COMPLETED, outcome.commitId());
					Map<String, Object> result = result("success", "");
					result.put("stageMerged", true);
					result.put("mergeCommit", outcome.commitId());
					yield result;
				}
				case HEAD_CHANGED, BRANCH_UPDATED -> waitOrDecide(project, number, "pending", outcome.detail());
				case CONFLICT -> waitOrDecide(project, number, "conflict", outcome.detail());
				case CLOSED -> waitOrDecide(project, number, "closed", outcome.detail());
			};
		}
	}

	private Map<String, Object> waitOrDecide(Project project, int number, String state, String problem) {
		if ("pending".equals(state)) {
			projects.stageStep(project.id(), number, StageStatus.AWAITING_CHECKS, "await_checks", false);
		}
		return result(state, problem);
	}

	/** The variables handed back to the process; a person's approval counts for one merge attempt only. */
	private static Map<String, Object> result(String checksState, String problem) {
		Map<String, Object> result = new HashMap<>();
		result.put("stageMerged", false);
		result.put("checksState", checksState);
		result.put("mergeProblem", problem);
		result.put("mergeOverride", false);
		return result;
	}


	private static PlatformCheck platformCheck(TestExecution tests) {
		if (tests == null) {
			return null;
		}
		String figures = tests.total() >= 0 ? tests.total() + " tests, " + tests.failed() + " failed" : tests.command();
		return new PlatformCheck(tests.passed(), (tests.passed() ? "passed: " : "failed: ") + figures);
	}

	private String body(Project project, Stage stage, TestExecution tests, Workspace workspace, boolean merged) {
		List<String> files = merged ? null : workspace.changedFilesSince("refs/remotes/origin/" + Workspace.MAIN);
		return PullRequestBody.of(new PullRequestBody.ProjectFacts(project.id(), project.name()), stage, tests, files,
				agents.runs(project.id()), quality.latestEvaluation(project.id(), stage.number()));
	}

	private static String message(Stage stage, TestExecution tests, PullRequest pullRequest, boolean approved) {
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
		if (approved) {
			message.append("\nMerged with a person's approval despite its checks.\n");
		}
		return message.toString();
	}

}
