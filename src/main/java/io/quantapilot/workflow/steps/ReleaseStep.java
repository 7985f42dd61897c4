package io.quantapilot.workflow.steps;

import java.util.Map;

import io.quantapilot.forge.ForgeService;
import io.quantapilot.forge.Workspace;
import io.quantapilot.projects.Project;
import io.quantapilot.projects.ProjectService;
import io.quantapilot.projects.ProjectStatus;
import io.quantapilot.projects.Stage;

import org.springframework.stereotype.Component;

/**
 * Release: tag {@code main} with release notes listing the stages (on GitHub also published as a release),
 * and complete the project.
 */
@Component
class ReleaseStep implements StepHandler {

	private final ProjectService projects;

	private final ForgeService forge;

	private final ProjectWorkspaces workspaces;

	ReleaseStep(ProjectService projects, ForgeService forge, ProjectWorkspaces workspaces) {
		this.projects = projects;
		this.forge = forge;
		this.workspaces = workspaces;
	}

	@Override
	public String step() {
		return "release";
	}

	@Override
	public Map<String, Object> execute(StepInvocation invocation) throws Exception {
		Project project = projects.get(invocation.projectId());
		StringBuilder notes = new StringBuilder(project.name()).append(' ').append(forge.releaseTag()).append("\n\n");
		for (Stage stage : projects.stages(project.id())) {
			notes.append("- Stage ").append(stage.number()).append(": ").append(stage.name()).append(" — ")
				.append(stage.goal()).append('\n');
		}
		try (Workspace workspace = workspaces.open(project.id())) {
			forge.release(project.id(), workspace, forge.releaseTag(), notes.toString());
		}
		if (project.status() != ProjectStatus.COMPLETED) {
			projects.markCompleted(project.id());
		}
		return Map.of("releaseTag", forge.releaseTag());
	}

}
