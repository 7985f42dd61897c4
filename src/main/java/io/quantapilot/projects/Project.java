package io.quantapilot.projects;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.quantapilot.common.QuantaPilotException;

/**
 * The Project aggregate. Its status only moves along the lifecycle (DESIGN §2); an illegal move throws
 * {@link QuantaPilotException.Conflict}, so services cannot corrupt it.
 */
public final class Project {

	private final UUID id;

	private final String name;

	private final String slug;

	private final String readme;

	private final String sourceRepository;

	private ProjectStatus status;

	private Map<String, Object> configuration;

	private Map<String, Object> budgetLimits;

	private String repositoryUrl;

	private final BigDecimal estimatedCostUsd;

	private final long estimatedTokens;

	private final long tokensUsed;

	private final BigDecimal costUsd;

	private ProjectStatus statusBeforePause;

	private String failureReason;

	private boolean archived;

	private final String createdBy;

	private final Instant createdAt;

	private Instant updatedAt;

	private Instant completedAt;

	@SuppressWarnings("checkstyle:ParameterNumber")
	public Project(UUID id, String name, String slug, String readme, String sourceRepository, ProjectStatus status,
			Map<String, Object> configuration, Map<String, Object> budgetLimits, String repositoryUrl,
			BigDecimal estimatedCostUsd, long estimatedTokens, long tokensUsed, BigDecimal costUsd,
			ProjectStatus statusBeforePause, String failureReason, boolean archived, String createdBy,
			Instant createdAt, Instant updatedAt, Instant completedAt) {
		this.id = id;
		this.name = name;
		this.slug = slug;
		this.readme = readme;
		this.sourceRepository = sourceRepository;
		this.status = status;
		this.configuration = Map.copyOf(configuration);
		this.budgetLimits = Map.copyOf(budgetLimits);
		this.repositoryUrl = repositoryUrl;
		this.estimatedCostUsd = estimatedCostUsd;
		this.estimatedTokens = estimatedTokens;
		this.tokensUsed = tokensUsed;
		this.costUsd = costUsd;
		this.statusBeforePause = statusBeforePause;
		this.failureReason = failureReason;
		this.archived = archived;
		this.createdBy = createdBy;
		this.createdAt = createdAt;
		this.updatedAt = updatedAt;
		this.completedAt = completedAt;
	}

	/** The workflow began planning (again, after a "modify" decision). */
	public void markPlanning() {
		require(status == ProjectStatus.INITIALIZING || status == ProjectStatus.PLANNING
				|| status == ProjectStatus.AWAITING_APPROVAL, "start planning");
		moveTo(ProjectStatus.PLANNING);
	}

	public void markAwaitingApproval() {
		require(status == ProjectStatus.PLANNING || status == ProjectStatus.AWAITING_APPROVAL, "await approval");
		moveTo(ProjectStatus.AWAITING_APPROVAL);
	}

	public void markInProgress() {
		require(status == ProjectStatus.AWAITING_APPROVAL || status == ProjectStatus.IN_PROGRESS, "start building");
		moveTo(ProjectStatus.IN_PROGRESS);
	}

	public void markCompleted(Instant at) {
		require(status == ProjectStatus.IN_PROGRESS, "complete");
		moveTo(ProjectStatus.COMPLETED);
		completedAt = at;
	}

	public void markFailed(String reason) {
		require(status.isActive(), "fail");
		statusBeforePause = status;
		failureReason = reason;
		moveTo(ProjectStatus.FAILED);
	}

	/** A failed project goes back to where it failed, to retry the step that failed. */
	public void retry() {
		require(status == ProjectStatus.FAILED, "retry");
		ProjectStatus previous = statusBeforePause != null ? statusBeforePause : ProjectStatus.IN_PROGRESS;
		statusBeforePause = null;
		failureReason = null;
		moveTo(previous);
	}

	public void pause() {
		if (status == ProjectStatus.PAUSED) {
			throw new QuantaPilotException.Conflict("project " + id + " is already paused");
		}
		require(status.isActive(), "pause");
		statusBeforePause = status;
		moveTo(ProjectStatus.PAUSED);
	}

	public void resume() {
		if (status != ProjectStatus.PAUSED) {
			throw new QuantaPilotException.Conflict("project " + id + " is " + status.wireName() + ", not paused");
		}
		ProjectStatus previous = statusBeforePause != null ? statusBeforePause : ProjectStatus.IN_PROGRESS;
		statusBeforePause = null;
		moveTo(previous);
	}

	public void cancel(String reason) {
		require(!status.isTerminal(), "cancel");
		failureReason = reason;
		moveTo(ProjectStatus.CANCELLED);
	}

	/** Hides the project from listings; cancels it first when it is still going. */
	public void archive(String reason) {
		if (!status.isTerminal()) {
			cancel(reason);
		}
		archived = true;
		updatedAt = Instant.now();
	}

	public void assignRepository(String url) {
		repositoryUrl = url;
		updatedAt = Instant.now();
	}

	public void reconfigure(Map<String, Object> configuration, Map<String, Object> budgetLimits) {
		require(!status.isTerminal(), "change");
		if (configuration != null) {
			this.configuration = Map.copyOf(configuration);
		}
		if (budgetLimits != null) {
			this.budgetLimits = Map.copyOf(budgetLimits);
		}
		updatedAt = Instant.now();
	}

	private void require(boolean allowed, String action) {
		if (!allowed) {
			throw new QuantaPilotException.Conflict(
					"cannot " + action + " project " + id + " while it is " + status.wireName());
		}
	}

	private void moveTo(ProjectStatus next) {
		status = next;
		updatedAt = Instant.now();
	}

	public UUID id() {
		return id;
	}

	public String name() {
		return name;
	}

	public String slug() {
		return slug;
	}

	public String readme() {
		return readme;
	}

	public String sourceRepository() {
		return sourceRepository;
	}

	public ProjectStatus status() {
		return status;
	}

	public Map<String, Object> configuration() {
		return configuration;
	}

	public Map<String, Object> budgetLimits() {
		return budgetLimits;
	}

	public String repositoryUrl() {
		return repositoryUrl;
	}

	public BigDecimal estimatedCostUsd() {
		return estimatedCostUsd;
	}

	public long estimatedTokens() {
		return estimatedTokens;
	}

	public long tokensUsed() {
		return tokensUsed;
	}

	public BigDecimal costUsd() {
		return costUsd;
	}

	public ProjectStatus statusBeforePause() {
		return statusBeforePause;
	}

	public String failureReason() {
		return failureReason;
	}

	public boolean archived() {
		return archived;
	}

	public String createdBy() {
		return createdBy;
	}

	public Instant createdAt() {
		return createdAt;
	}

	public Instant updatedAt() {
		return updatedAt;
	}

	public Instant completedAt() {
		return completedAt;
	}

	/** The agent provider chosen in the project's configuration, or null (then the settings decide). */
	public String agentProvider() {
		Object provider = configuration.get("agent_provider");
		return provider instanceof String s && !s.isBlank() ? s : null;
	}

	/** The project's budget limits: {@code max_tokens} and {@code max_cost_usd}, null when unlimited. */
	public Long maxTokens() {
		return budgetLimits.get("max_tokens") instanceof Number n ? n.longValue() : null;
	}

	public BigDecimal maxCostUsd() {
		return budgetLimits.get("max_cost_usd") instanceof Number n ? new BigDecimal(n.toString()) : null;
	}

}
