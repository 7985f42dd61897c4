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
		Object choice = project.configuration().get("forge");
		return forge.ensureRepository(project.id(), project.slug(), project.sourceRepository(),
				choice instanceof String s ? s : null);
	}

	/** The output of the stage's failed CI checks, when those (not the platform's own tests) failed last. */
	java.util.Optional<String> checksFailureReport(UUID projectId, int stage) {
		return forge.checksFailureReport(projectId, stage);
	}

	Workspace open(UUID projectId) {
		Project project = projects.get(projectId);
		return forge.openWorkspace(projectId, repository(project));
	}

}
