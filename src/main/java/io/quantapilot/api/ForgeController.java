package io.quantapilot.api;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.common.Role;
import io.quantapilot.forge.GitHubProjectRequest;
import io.quantapilot.forge.GitHubProjectRequests;
import io.quantapilot.forge.WatchedRepositories;
import io.quantapilot.identity.CurrentPrincipal;
import io.quantapilot.identity.Principal;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The GitHub repositories watched for new projects ({@code POST|GET /api/v1/forge/watched-repositories},
 * {@code DELETE …/{id}}) and what their webhooks asked for ({@code GET /api/v1/forge/project-requests}).
 * Watching lets anyone who can push to a repository or label its issues start projects, so only admins
 * and operators manage it.
 */
@RestController
@ConditionalOnRole(Role.API)
@RequestMapping("/api/v1/forge")
class ForgeController {

	private final WatchedRepositories watched;

	private final GitHubProjectRequests requests;

	ForgeController(WatchedRepositories watched, GitHubProjectRequests requests) {
		this.watched = watched;
		this.requests = requests;
	}

	record WatchRequest(String repositoryUrl) {
	}

	record WatchedView(UUID watchedRepositoryId, String repositoryUrl, String owner, String name, String createdBy,
			Instant createdAt) {

		static WatchedView of(WatchedRepositories.WatchedRepository w) {
			return new WatchedView(w.id(), w.url(), w.owner(), w.name(), w.createdBy(), w.createdAt());
		}

	}

	record RequestView(UUID requestId, String source, String repository, String sourceKey, Integer issueNumber,
			String title, String status, String reason, UUID projectId, String projectOutcome, Instant createdAt) {

		static RequestView of(GitHubProjectRequest r) {
			return new RequestView(r.id(), r.source(), r.owner() + "/" + r.name(), r.sourceKey(), r.issueNumber(),
					r.title(), r.status(), r.reason(), r.projectId(), r.projectOutcome(), r.createdAt());
		}

	}

	@PostMapping("/watched-repositories")
	ResponseEntity<WatchedView> watch(@RequestBody(required = false) WatchRequest request) {
		Principal principal = CurrentPrincipal.steering();
		if (request == null) {
			throw new QuantaPilotException.InvalidRequest("repository_url", "repository_url is required");
		}
		WatchedRepositories.Registration registration = watched.register(request.repositoryUrl(), principal.actor());
		return ResponseEntity.status(registration.created() ? HttpStatus.CREATED : HttpStatus.OK)
			.body(WatchedView.of(registration.repository()));
	}

	@GetMapping("/watched-repositories")
	Map<String, Object> list() {
		CurrentPrincipal.steering();
		return Map.of("watched_repositories", watched.list().stream().map(WatchedView::of).toList());
	}

	@GetMapping("/watched-repositories/{id}")
	WatchedView get(@PathVariable UUID id) {
		CurrentPrincipal.steering();
		return WatchedView.of(watched.get(id));
	}

	@DeleteMapping("/watched-repositories/{id}")
	ResponseEntity<Void> unwatch(@PathVariable UUID id) {
		watched.unregister(id, CurrentPrincipal.steering().actor());
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/project-requests")
	Map<String, Object> projectRequests(@RequestParam(defaultValue = "50") int limit) {
		CurrentPrincipal.steering();
		return Map.of("project_requests", requests.list(limit).stream().map(RequestView::of).toList());
	}

}
