package io.quantapilot.projects;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.forge.RepositoryUrlPolicy;
import io.quantapilot.identity.AuditLog;
import io.quantapilot.projects.internal.ProjectRepository;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The projects module's API: intake of new projects and every change of a project's lifecycle. All
 * status moves go through the {@link Project} aggregate, which refuses illegal ones.
 */
@Service
public class ProjectService {

	/** README size limit (API contract: 1 MB). */
	public static final int MAX_README_BYTES = 1024 * 1024;

	private static final Pattern HEADING = Pattern.compile("(?m)^#\\s+(.+?)\\s*#*\\s*$");

	/** Blended price used for the pre-plan estimate, per million tokens (configurable later with pricing). */
	private static final BigDecimal ESTIMATE_USD_PER_MILLION = new BigDecimal("5.00");

	private final ProjectRepository projects;

	private final ApplicationEventPublisher events;

	private final AuditLog audit;

	private final RepositoryUrlPolicy repositoryUrls;

	ProjectService(ProjectRepository projects, ApplicationEventPublisher events, AuditLog audit,
			RepositoryUrlPolicy repositoryUrls) {
		this.projects = projects;
		this.events = events;
		this.audit = audit;
		this.repositoryUrls = repositoryUrls;
	}

	@Transactional
	public Project create(NewProject request, String actor) {
		boolean hasReadme = request.readme() != null && !request.readme().isBlank();
		boolean hasRepository = request.repositoryUrl() != null && !request.repositoryUrl().isBlank();
		if (hasReadme == hasRepository) {
			throw new QuantaPilotException.InvalidRequest("readme",
					hasReadme ? "give either readme or repository_url, not both" : "readme or repository_url is required");
		}
		if (hasReadme && request.readme().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_README_BYTES) {
			throw new QuantaPilotException.InvalidRequest("readme", "readme must be at most 1 MB");
		}
		Map<String, Object> configuration = request.configuration() != null ? request.configuration() : Map.of();
		Map<String, Object> budget = request.budgetLimits() != null ? request.budgetLimits() : Map.of();
		if (hasRepository) {
			repositoryUrls.checkRepositoryUrl(request.repositoryUrl(), configuration.get("forge"));
		}
		ProjectSettingsValidator.validate(configuration, budget);
		repositoryUrls.checkForge(configuration.get("forge"));
		String readme = hasReadme ? request.readme() : "";
		String name = request.name() != null && !request.name().isBlank() ? request.name().strip()
				: titleOf(readme, request.repositoryUrl());
		if (name.length() > 200) {
			throw new QuantaPilotException.InvalidRequest("name", "name must be at most 200 characters");
		}
		// Past projects are the better guide once there are a few; before that, the README's size.
		long estimatedTokens = projects.averageTokensOfCompleted(3).orElse(estimateTokens(readme));
		Instant now = Instant.now();
		Project project = new Project(UUID.randomUUID(), name, slugOf(name), readme,
				hasRepository ? request.repositoryUrl().strip() : null, ProjectStatus.INITIALIZING, configuration,
				budget, null,
				request.costEstimator() != null ? request.costEstimator().apply(estimatedTokens) : costOf(estimatedTokens),
				estimatedTokens, 0, BigDecimal.ZERO, null, null, false, actor,
				now, now, null);
		projects.insert(project);
		audit.record(actor, "project.created", "project", project.id().toString(), Map.of("name", name));
		events.publishEvent(new ProjectCreated(project.id()));
		return project;
	}

	public Project get(UUID id) {
		return projects.find(id).orElseThrow(() -> new QuantaPilotException.NotFound("project", id));
	}

	/**
	 * Reads the project and locks its row until the caller's transaction ends, so that a status change (a
	 * cancel) cannot slip in between reading the status and acting on it.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Project lock(UUID id) {
		return projects.findForUpdate(id).orElseThrow(() -> new QuantaPilotException.NotFound("project", id));
	}

	/** The projects still going (paused ones included) that started from this source repository. */
	public List<Project> goingFromSource(String repositoryUrl) {
		return projects.goingFromSource(repositoryUrl);
	}

	public ProjectPage list(ProjectStatus status, int limit, int offset) {
		if (limit < 1 || limit > 100) {
			throw new QuantaPilotException.InvalidRequest("limit", "limit must be between 1 and 100");
		}
		if (offset < 0) {
			throw new QuantaPilotException.InvalidRequest("offset", "offset must not be negative");
		}
		return new ProjectPage(projects.list(status, limit, offset), projects.count(status));
	}

	/**
	 * Like {@link #list(ProjectStatus, int, int)}, narrowed to projects whose name contains {@code nameContains}
	 * (ignoring case; blank matches all).
	 */
	public ProjectPage search(ProjectStatus status, String nameContains, int limit, int offset) {
		if (nameContains == null || nameContains.isBlank()) {
			return list(status, limit, offset);
		}
		if (limit < 1 || limit > 100) {
			throw new QuantaPilotException.InvalidRequest("limit", "limit must be between 1 and 100");
		}
		if (offset < 0) {
			throw new QuantaPilotException.InvalidRequest("offset", "offset must not be negative");
		}
		String text = nameContains.strip();
		if (text.length() > 200) {
			throw new QuantaPilotException.InvalidRequest("q", "the search text must be at most 200 characters");
		}
		return new ProjectPage(projects.search(status, text, limit, offset), projects.countMatching(status, text));
	}

	/** Figures about the projects created since a time. */
	public record Statistics(long total, Map<String, Long> byStatus, Double averageCompletedSeconds,
			Double averageTokens, BigDecimal averageCostUsd) {

		public long count(ProjectStatus status) {
			return byStatus.getOrDefault(status.wireName(), 0L);
		}

	}

	public Statistics statistics(Instant since) {
		return projects.statistics(since);
	}

	public Map<String, Long> countByStatus() {
		return projects.countByStatus();
	}

	@Transactional
	public Project reconfigure(UUID id, Map<String, Object> configuration, Map<String, Object> budgetLimits,
			String actor) {
		Project before = get(id);
		Map<String, Object> mergedConfiguration = null;
		if (configuration != null) {
			mergedConfiguration = new HashMap<>(before.configuration());
			mergedConfiguration.putAll(configuration);
		}
		Map<String, Object> mergedBudget = null;
		if (budgetLimits != null) {
			mergedBudget = new HashMap<>(before.budgetLimits());
			mergedBudget.putAll(budgetLimits);
		}
		ProjectSettingsValidator.validate(mergedConfiguration != null ? mergedConfiguration : Map.of(),
				mergedBudget != null ? mergedBudget : Map.of());
		if (configuration != null) {
			repositoryUrls.checkForge(configuration.get("forge"));
		}
		Map<String, Object> c = mergedConfiguration;
		Map<String, Object> b = mergedBudget;
		Project project = change(id, p -> p.reconfigure(c, b));
		audit.record(actor, "project.reconfigured", "project", id.toString(),
				Map.of("configuration", configuration != null, "budget_limits", budgetLimits != null));
		return project;
	}

	/** Cancels (when still going) and hides the project. */
	@Transactional
	public void archive(UUID id, String actor) {
		boolean wasGoing = !get(id).status().isTerminal();
		change(id, p -> p.archive("deleted by " + actor));
		audit.record(actor, "project.archived", "project", id.toString(), Map.of());
		if (wasGoing) {
			events.publishEvent(new ProjectCancelled(id, "deleted by " + actor));
		}
	}

	@Transactional
	public Project cancel(UUID id, String reason, String actor) {
		Project project = change(id, p -> p.cancel(reason));
		audit.record(actor, "project.cancelled", "project", id.toString(), Map.of("reason", reason));
		events.publishEvent(new ProjectCancelled(id, reason));
		return project;
	}

	@Transactional
	public Project pause(UUID id, String actor) {
		Project project = change(id, Project::pause);
		audit.record(actor, "project.paused", "project", id.toString(), Map.of());
		return project;
	}

	@Transactional
	public Project resume(UUID id, String actor) {
		Project project = change(id, Project::resume);
		audit.record(actor, "project.resumed", "project", id.toString(), Map.of());
		return project;
	}

	@Transactional
	public Project retry(UUID id, String actor) {
		Project project = change(id, Project::retry);
		audit.record(actor, "project.retried", "project", id.toString(), Map.of());
		return project;
	}

	@Transactional
	public void markPlanning(UUID id) {
		change(id, Project::markPlanning);
	}

	@Transactional
	public void markAwaitingApproval(UUID id) {
		change(id, Project::markAwaitingApproval);
	}

	@Transactional
	public void markInProgress(UUID id) {
		change(id, Project::markInProgress);
	}

	@Transactional
	public void markCompleted(UUID id) {
		change(id, p -> p.markCompleted(Instant.now()));
	}

	@Transactional
	public void markFailed(UUID id, String reason) {
		change(id, p -> p.markFailed(reason));
	}

	/** The README read from the project's source repository at intake. */
	@Transactional
	public void recordReadme(UUID id, String readme) {
		if (readme.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_README_BYTES) {
			throw new QuantaPilotException.InvalidRequest("readme", "the repository's README.md is larger than 1 MB");
		}
		projects.updateReadme(id, readme);
	}

	@Transactional
	public void assignRepository(UUID id, String url) {
		change(id, p -> p.assignRepository(url));
	}

	/** Replaces the planned stages with the architect's (re)plan. */
	@Transactional
	public List<Stage> planStages(UUID id, List<StageDefinition> stages) {
		Project project = projects.findForUpdate(id).orElseThrow(() -> new QuantaPilotException.NotFound("project", id));
		if (project.status() != ProjectStatus.PLANNING && project.status() != ProjectStatus.INITIALIZING) {
			throw new QuantaPilotException.Conflict("stages can only be planned while planning");
		}
		projects.replaceStages(id, stages);
		return projects.stages(id);
	}

	public List<Stage> stages(UUID id) {
		return projects.stages(id);
	}

	public Stage stage(UUID id, int number) {
		return projects.stage(id, number)
			.orElseThrow(() -> new QuantaPilotException.NotFound("stage", id + "/" + number));
	}

	@Transactional
	public void stageStep(UUID id, int number, StageStatus status, String step, boolean newAttempt) {
		projects.stageStep(id, number, status, step, newAttempt);
	}

	@Transactional
	public void stageCommitted(UUID id, int number, String commitId) {
		projects.stageCommitted(id, number, commitId);
	}

	@Transactional
	public void stageFinished(UUID id, int number, StageStatus status, String mergeCommitId) {
		Stage before = stage(id, number);
		projects.stageFinished(id, number, status, mergeCommitId);
		if (before.status() != status) {
			java.time.Duration took = before.startedAt() != null
					? java.time.Duration.between(before.startedAt(), Instant.now()) : java.time.Duration.ZERO;
			events.publishEvent(new StageFinished(id, number, before.name(), status, took));
		}
	}

	/** Copies the ledger's totals (kept by the agents module) onto the project. */
	@Transactional
	public void syncUsage(UUID id, long tokens, BigDecimal cost) {
		projects.setUsage(id, tokens, cost);
	}

	/** Checks configuration and budget values as {@link #create} does (for decisions that change them). */
	public void validateSettings(Map<String, Object> configuration, Map<String, Object> budgetLimits) {
		ProjectSettingsValidator.validate(configuration != null ? configuration : Map.of(),
				budgetLimits != null ? budgetLimits : Map.of());
	}

	private Project change(UUID id, Consumer<Project> change) {
		Project project = projects.findForUpdate(id).orElseThrow(() -> new QuantaPilotException.NotFound("project", id));
		ProjectStatus before = project.status();
		change.accept(project);
		projects.update(project);
		if (before != project.status()) {
			events.publishEvent(new ProjectStatusChanged(id, before, project.status()));
		}
		return project;
	}

	static String titleOf(String readme, String repositoryUrl) {
		Matcher heading = HEADING.matcher(readme);
		if (heading.find()) {
			String title = heading.group(1).replaceAll("[`*_\\[\\]]", "").strip();
			return title.length() > 200 ? title.substring(0, 200) : title;
		}
		if (repositoryUrl != null) {
			String tail = repositoryUrl.replaceAll("(\\.git)?/*$", "");
			return tail.substring(tail.lastIndexOf('/') + 1);
		}
		return "project";
	}

	/** A lower-case, dash-separated name usable for repositories and branches. */
	public static String slugOf(String name) {
		String slug = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFKD)
			.replaceAll("\\p{M}", "")
			.toLowerCase(java.util.Locale.ROOT)
			.replaceAll("[^a-z0-9]+", "-")
			.replaceAll("(^-+|-+$)", "");
		if (slug.length() > 60) {
			slug = slug.substring(0, 60).replaceAll("-+$", "");
		}
		return slug.isEmpty() ? "project" : slug;
	}

	/**
	 * A rough pre-plan estimate: a base for planning plus a share per README line. Marked as an estimate in
	 * the API; the plan refines it.
	 */
	static long estimateTokens(String readme) {
		long lines = readme.lines().count();
		return 40_000 + lines * 1_500;
	}

	static BigDecimal costOf(long tokens) {
		return ESTIMATE_USD_PER_MILLION.multiply(BigDecimal.valueOf(tokens))
			.divide(BigDecimal.valueOf(1_000_000), 4, RoundingMode.HALF_UP);
	}

}
