package io.quantapilot.api;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.agents.AgentService;
import io.quantapilot.forge.ForgeService;
import io.quantapilot.forge.PullRequest;
import io.quantapilot.identity.CurrentPrincipal;
import io.quantapilot.projects.NewProject;
import io.quantapilot.projects.Project;
import io.quantapilot.projects.ProjectPage;
import io.quantapilot.projects.ProjectRatings;
import io.quantapilot.projects.ProjectService;
import io.quantapilot.projects.ProjectStatus;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Projects: create, read, list, change, delete; stages, agent runs and pull requests of a project. */
@RestController
@ConditionalOnRole(Role.API)
@RequestMapping("/api/v1")
class ProjectsController {

	private final ProjectService projects;

	private final AgentService agents;

	private final ForgeService forge;

	private final ProjectRatings ratings;

	ProjectsController(ProjectService projects, AgentService agents, ForgeService forge, ProjectRatings ratings) {
		this.projects = projects;
		this.agents = agents;
		this.forge = forge;
		this.ratings = ratings;
	}

	record CreateProjectRequest(String name, String readme, String repositoryUrl, Map<String, Object> configuration,
			Map<String, Object> budgetLimits) {
	}

	record UpdateProjectRequest(Map<String, Object> configuration, Map<String, Object> budgetLimits) {
	}

	@PostMapping("/projects")
	ResponseEntity<ApiViews.CreatedProject> create(@RequestBody CreateProjectRequest request) {
		var principal = CurrentPrincipal.steering();
		Object provider = request.configuration() != null ? request.configuration().get("agent_provider") : null;
		String projectProvider = provider instanceof String s ? s : null;
		projects.validateSettings(request.configuration(), request.budgetLimits());
		if (provider == null || provider instanceof String) {
			// A missing binary or key is a configuration error reported before the project starts.
			Object forgeChoice = request.configuration() != null ? request.configuration().get("forge") : null;
			// A cloud agent needs the project on GitHub: a local-forge project is refused before it starts.
			agents.requireUsable(projectProvider,
					forgeChoice instanceof String f && !f.isBlank() ? f : forge.defaultProvider());
		}
		Project project = projects.create(new NewProject(request.name(), request.readme(), request.repositoryUrl(),
				request.configuration(), request.budgetLimits(), tokens -> agents.estimateCost(tokens, projectProvider)),
				principal.actor());
		return ResponseEntity.status(HttpStatus.CREATED)
			.header("Location", "/api/v1/projects/" + project.id())
			.body(ApiViews.CreatedProject.of(project));
	}

	@GetMapping("/projects/{id}")
	ApiViews.ProjectDetail get(@PathVariable UUID id) {
		Project project = projects.get(id);
		var mine = ratings.ratingOf(id, CurrentPrincipal.get().userId()).orElse(null);
		return ApiViews.ProjectDetail.of(project, projects.stages(id), forge.pullRequests(id), agents.spending(id),
				ApiViews.RatingSummary.of(project, ratings.summary(id), mine));
	}

	@GetMapping("/projects")
	ApiViews.ProjectList list(@RequestParam(required = false) String status,
			@RequestParam(defaultValue = "20") int limit, @RequestParam(defaultValue = "0") int offset) {
		ProjectStatus filter = status != null && !status.isBlank() ? ProjectStatus.fromWireName(status) : null;
		ProjectPage page = projects.list(filter, limit, offset);
		return new ApiViews.ProjectList(page.projects().stream().map(ApiViews.ProjectSummary::of).toList(),
				new ApiViews.Pagination(page.total(), limit, offset, offset + page.projects().size() < page.total()));
	}

	@PatchMapping("/projects/{id}")
	ApiViews.ProjectDetail update(@PathVariable UUID id, @RequestBody UpdateProjectRequest request) {
		var principal = CurrentPrincipal.steering();
		if (request.configuration() == null && request.budgetLimits() == null) {
			throw new io.quantapilot.common.QuantaPilotException.InvalidRequest("configuration",
					"give configuration and/or budget_limits to change");
		}
		projects.reconfigure(id, request.configuration(), request.budgetLimits(), principal.actor());
		return get(id);
	}

	@DeleteMapping("/projects/{id}")
	ResponseEntity<Void> delete(@PathVariable UUID id) {
		projects.archive(id, CurrentPrincipal.steering().actor());
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/projects/{id}/stages")
	Map<String, Object> stages(@PathVariable UUID id) {
		projects.get(id);
		return Map.of("stages", projects.stages(id).stream().map(ApiViews.StageView::of).toList());
	}

	@GetMapping("/projects/{id}/agent-runs")
	Map<String, Object> agentRuns(@PathVariable UUID id) {
		projects.get(id);
		return Map.of("agent_runs", agents.runs(id).stream().map(r -> ApiViews.AgentRunView.of(r, List.of())).toList());
	}

	@GetMapping("/agent-runs/{id}")
	ApiViews.AgentRunView agentRun(@PathVariable UUID id) {
		return ApiViews.AgentRunView.of(agents.get(id), agents.events(id));
	}

	@GetMapping("/projects/{id}/pull-requests")
	Map<String, List<PullRequest>> pullRequests(@PathVariable UUID id) {
		projects.get(id);
		return Map.of("pull_requests", forge.pullRequests(id));
	}

}
