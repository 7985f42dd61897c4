package io.quantapilot.workflow.steps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.forge.ForgeService;
import io.quantapilot.forge.RepositoryRef;
import io.quantapilot.forge.Workspace;
import io.quantapilot.projects.Project;
import io.quantapilot.projects.ProjectService;

import org.springframework.stereotype.Component;

/** Intake: create (or find) the project's repository, clone the workspace, read the README if needed. */
@Component
class IntakeStep implements StepHandler {

	private final ProjectService projects;

	private final ForgeService forge;

	private final ProjectWorkspaces workspaces;

	IntakeStep(ProjectService projects, ForgeService forge, ProjectWorkspaces workspaces) {
		this.projects = projects;
		this.forge = forge;
		this.workspaces = workspaces;
	}

	@Override
	public String step() {
		return "intake";
	}

	@Override
	public Map<String, Object> execute(StepInvocation invocation) throws Exception {
		Project project = projects.get(invocation.projectId());
		RepositoryRef repository = workspaces.repository(project);
		try (Workspace workspace = forge.openWorkspace(project.id(), repository)) {
			if (project.readme().isBlank()) {
				Path readme = workspace.dir().resolve("README.md");
				if (!Files.isRegularFile(readme)) {
					throw new QuantaPilotException.InvalidRequest("repository_url",
							"the repository " + project.sourceRepository() + " has no README.md");
				}
				projects.recordReadme(project.id(), Files.readString(readme));
			}
		}
		if (!repository.cloneUrl().equals(project.repositoryUrl())) {
			projects.assignRepository(project.id(), repository.cloneUrl());
		}
		return Map.of();
	}

}
