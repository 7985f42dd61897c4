package io.quantapilot.workflow.steps;

import java.util.UUID;

import io.quantapilot.forge.ForgeService;
import io.quantapilot.forge.RepositoryRef;
import io.quantapilot.forge.Workspace;
import io.quantapilot.projects.Project;
import io.quantapilot.projects.ProjectService;

import org.springframework.stereotype.Component;

/** Opens a project's working copy for a step (the repository is found, or created at intake). */
@Component
class ProjectWorkspaces {

	private final ForgeService forge;

	private final ProjectService projects;

	ProjectWorkspaces(ForgeService forge, ProjectService projects) {
		this.forge = forge;
		this.projects = projects;
	}

	RepositoryRef repository(Project project) {
		return forge.ensureRepository(project.id(), project.slug(), project.sourceRepository());
	}

	Workspace open(UUID projectId) {
		Project project = projects.get(projectId);
		return forge.openWorkspace(projectId, repository(project));
	}

}
