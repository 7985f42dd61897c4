package io.quantapilot.workflow.steps;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.quantapilot.agents.AgentRequest;
import io.quantapilot.agents.AgentRole;
import io.quantapilot.projects.Project;
import io.quantapilot.projects.ProjectService;
import io.quantapilot.projects.Stage;
import io.quantapilot.projects.StageStatus;

import org.springframework.stereotype.Component;

/** Builds agent requests from a project's state: context, budget and estimates. */
@Component
class AgentRequests {

	private final ProjectService projects;

	AgentRequests(ProjectService projects) {
		this.projects = projects;
	}

	AgentRequest architect(StepInvocation invocation, Project project, Path workspace, String comments) {
		return new AgentRequest(invocation.stepKey(), project.id(), null, AgentRole.ARCHITECT, workspace,
				project.agentProvider(), project.readme(), withRequirements(project, comments), "", null, List.of(),
				budget(project), 0);
	}

	AgentRequest developer(StepInvocation invocation, Project project, Stage stage, Path workspace,
			String failureReport, String comments) {
		return stageRun(AgentRole.DEVELOPER, invocation, project, stage, workspace, failureReport, comments);
	}

	/** The QA agent of a stage: the same context as the developer's, its own step key and ledger row. */
	AgentRequest qa(StepInvocation invocation, Project project, Stage stage, Path workspace, String failureReport,
			String comments) {
		return stageRun(AgentRole.QA, invocation, project, stage, workspace, failureReport, comments);
	}

	private AgentRequest stageRun(AgentRole role, StepInvocation invocation, Project project, Stage stage,
			Path workspace, String failureReport, String comments) {
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
				earlier, budget(project), estimate);
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
