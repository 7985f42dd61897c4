package io.quantapilot.projects.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.forge.GitHubProjectRequest;
import io.quantapilot.forge.GitHubProjectRequested;
import io.quantapilot.forge.GitHubProjectRequests;
import io.quantapilot.projects.NewProject;
import io.quantapilot.projects.Project;
import io.quantapilot.projects.ProjectService;
import io.quantapilot.projects.ProjectStatus;
import io.quantapilot.projects.ProjectStatusChanged;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts the projects GitHub webhooks ask for, and tells the forge when they end.
 * <p>
 * A request is claimed (its row locked while pending) in the transaction that creates the project and
 * records it as started, so handling the event again, after a crash or a republication, finds it settled
 * and starts nothing. A README push starts nothing while a project from the same repository is still
 * going (the reason is recorded); a request the project rules refuse (an empty issue body, a README over
 * 1 MB, …) is recorded as rejected with the reason rather than retried.
 */
@Component
class GitHubProjectIntake {

	/** Who appears as the creator of projects started from GitHub. */
	static final String ACTOR = "github";

	private final GitHubProjectRequests requests;

	private final ProjectService projects;

	private final JdbcClient jdbc;

	private final TransactionTemplate savepoint;

	GitHubProjectIntake(GitHubProjectRequests requests, ProjectService projects, JdbcClient jdbc,
			PlatformTransactionManager transactions) {
		this.requests = requests;
		this.projects = projects;
		this.jdbc = jdbc;
		// A refused project rolls back to a savepoint; the claim and the recorded reason stay.
		this.savepoint = new TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
	}

	@ApplicationModuleListener
	void on(GitHubProjectRequested event) {
		Optional<GitHubProjectRequest> claimed = requests.claim(event.requestId());
		if (claimed.isEmpty()) {
			return;
		}
		GitHubProjectRequest request = claimed.get();
		if (request.fromPush()) {
			// Two pushes handled at once must not both see "nothing running" for the same repository.
			jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(:key))")
				.param("key", "github-source:" + (request.owner() + "/" + request.name()).toLowerCase(Locale.ROOT))
				.query((rs, i) -> 1)
				.single();
			List<Project> going = projects.goingFromSource(request.repositoryUrl());
			if (!going.isEmpty()) {
				Project running = going.get(0);
				requests.skipped(request.id(), "project " + running.id() + " (" + running.name() + ") is "
						+ running.status().wireName() + " for " + request.owner() + "/" + request.name()
						+ "; README.md at " + request.sourceKey() + " starts no second one");
				return;
			}
		}
		NewProject ask = request.fromPush()
				? new NewProject(null, null, request.repositoryUrl(), Map.of("forge", "github"), Map.of())
				: new NewProject(request.title(), request.readme(), null, Map.of(), Map.of());
		String actor = ACTOR + ":" + request.owner() + "/" + request.name();
		try {
			Project project = savepoint.execute(status -> projects.create(ask, actor));
			requests.started(request.id(), project.id());
		}
		catch (QuantaPilotException ex) {
			if (ex.isTransient()) {
				throw ex;
			}
			requests.rejected(request.id(), ex.getMessage());
		}
	}

	/**
	 * In the transaction of the status change, so the end is recorded exactly when it happens; for
	 * projects not started from GitHub it changes nothing.
	 */
	@EventListener
	void on(ProjectStatusChanged event) {
		ProjectStatus to = event.to();
		if (to != ProjectStatus.COMPLETED && to != ProjectStatus.FAILED && to != ProjectStatus.CANCELLED) {
			return;
		}
		String detail = to == ProjectStatus.COMPLETED ? null : projects.get(event.projectId()).failureReason();
		requests.projectFinished(event.projectId(), to.wireName(), detail);
	}

}
