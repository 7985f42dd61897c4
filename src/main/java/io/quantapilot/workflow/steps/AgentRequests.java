package io.quantapilot.workflow.steps;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.quantapilot.agents.AgentRequest;
import io.quantapilot.agents.AgentRole;
import io.quantapilot.agents.AgentService;
import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.forge.ForgeService;
import io.quantapilot.forge.Workspace;
import io.quantapilot.projects.Project;
import io.quantapilot.projects.ProjectService;
import io.quantapilot.projects.Stage;
import io.quantapilot.projects.StageStatus;

import org.springframework.stereotype.Component;

/** Builds agent requests from a project's state: context, budget and estimates. */
@Component
class AgentRequests {

	private final ProjectService projects;

	private final AgentService agents;

	private final ForgeService forge;

	private final ProjectWorkspaces workspaces;

	AgentRequests(ProjectService projects, AgentService agents, ForgeService forge, ProjectWorkspaces workspaces) {
		this.projects = projects;
		this.agents = agents;
		this.forge = forge;
		this.workspaces = workspaces;
	}

	/**
	 * Where a provider that works on the repository (a cloud agent) starts and leaves its work, or null for a
	 * provider that writes into the workspace. Such a run starts from {@code branch} when it already exists on
	 * the forge ({@code continueBranch}: a fix attempt, the QA after the developer), else from {@code main},
	 * and pushes to {@code branch}; the step then fast-forwards the workspace to it.
	 */
	AgentRequest.RepositoryTarget repository(Project project, AgentRole role, Workspace workspace, String branch,
			boolean continueBranch) {
		if (!agents.worksOnRepository(role, project.agentProvider())) {
			return null;
		}
		String provider = agents.providerFor(role, project.agentProvider());
		String forgeName = forge.providerOf(project.id());
		if (!"github".equals(forgeName)) {
			throw new QuantaPilotException.InvalidRequest("agent_provider", "agent provider '" + provider
					+ "' works on the project's GitHub repository, and this project is on the '" + forgeName
					+ "' forge: switch the agent provider");
		}
		String url = workspaces.repository(project).remote().toString().replaceAll("(\\.git)?/?$", "");
		String base = continueBranch && workspace.remoteBranches().contains(branch) ? branch : Workspace.MAIN;
		return new AgentRequest.RepositoryTarget(url, base, branch);
	}

	AgentRequest architect(StepInvocation invocation, Project project, Path workspace, String comments,
			AgentRequest.RepositoryTarget repository) {
		return new AgentRequest(invocation.stepKey(), project.id(), null, AgentRole.ARCHITECT, workspace,
				project.agentProvider(), project.readme(), withRequirements(project, comments), "", null, List.of(),
				budget(project), 0, repository);
	}

	AgentRequest developer(StepInvocation invocation, Project project, Stage stage, Path workspace,
			String failureReport, String comments, AgentRequest.RepositoryTarget repository) {
		return stageRun(AgentRole.DEVELOPER, invocation, project, stage, workspace, failureReport, comments,
				repository);
	}

	/** The QA agent of a stage: the same context as the developer's, its own step key and ledger row. */
	AgentRequest qa(StepInvocation invocation, Project project, Stage stage, Path workspace, String failureReport,
			String comments, AgentRequest.RepositoryTarget repository) {
		return stageRun(AgentRole.QA, invocation, project, stage, workspace, failureReport, comments, repository);
	}

	private AgentRequest stageRun(AgentRole role, StepInvocation invocation, Project project, Stage stage,
			Path workspace, String failureReport, String comments, AgentRequest.RepositoryTarget repository) {
		List<String> earlier = new ArrayList<>();
		for (Stage s : projects.stages(project.id())) {
			if (s.number() < stage.number() && s.status() == StageStatus.COMPLETED) {
				earlier.add(s.number() + ". " + s.name() + " — " + s.goal());
			}
		}
		// QA adds tests to what the developer wrote: a fraction of the stage's estimate is expected.
		long estimate = role == AgentRole.QA ? stage.estimatedTokens() / 3 : stage.estimatedTokens();
		return new AgentRequest(invocation.stepKey(), project.id(), stage.number(), role, workspace,
				project.agentProvider(), project.readme(), withRequirements(project, comments), failureReport,
				new AgentRequest.StageBrief(stage.number(), stage.name(), stage.goal(), stage.acceptanceCriteria()),
				earlier, budget(project), estimate, repository);
	}

	static AgentRequest.Budget budget(Project project) {
		return new AgentRequest.Budget(project.maxTokens(), project.maxCostUsd());
	}

	/** Adds the project's {@code additional_requirements} (set with PATCH) to the comments. */
	private static String withRequirements(Project project, String comments) {
		Object extra = project.configuration().get("additional_requirements");
		String base = comments != null ? comments : "";
		if (extra instanceof String s && !s.isBlank()) {
			return (base.isBlank() ? "" : base + "\n\n") + "Additional requirements: " + s;
		}
		return base;
	}

}
