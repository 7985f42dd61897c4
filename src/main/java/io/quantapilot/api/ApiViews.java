package io.quantapilot.api;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quantapilot.agents.AgentRun;
import io.quantapilot.decisions.Decision;
import io.quantapilot.forge.PullRequest;
import io.quantapilot.projects.Project;
import io.quantapilot.projects.ProjectRating;
import io.quantapilot.projects.ProjectRatings;
import io.quantapilot.projects.Stage;
import io.quantapilot.projects.StageStatus;

/** Response shapes of API.md (field names become snake_case in JSON). */
final class ApiViews {

	private ApiViews() {
	}

	record CreatedProject(UUID projectId, String status, Instant createdAt, Instant estimatedCompletion,
			BigDecimal estimatedCost, long estimatedTokens, boolean estimated) {

		static CreatedProject of(Project p) {
			return new CreatedProject(p.id(), p.status().wireName(), p.createdAt(),
					p.createdAt().plus(estimatedDuration(p.estimatedTokens())), p.estimatedCostUsd(),
					p.estimatedTokens(), true);
		}

	}

	record Progress(List<String> completedStages, String currentStage, List<String> remainingStages, int totalStages) {
	}

	record ResourceUsage(long tokensUsed, BigDecimal costUsd, String timeElapsed) {
	}

	record Artifacts(String repositoryUrl, String documentationUrl, List<String> pullRequests) {
	}

	record ProjectDetail(UUID projectId, String name, String status, String currentStage, Progress progress,
			ResourceUsage resourceUsage, Artifacts artifacts, Map<String, Object> configuration,
			Map<String, Object> budgetLimits, BigDecimal estimatedCost, String failureReason, Instant createdAt,
			Instant updatedAt, Instant completedAt, RatingSummary rating) {

		static ProjectDetail of(Project p, List<Stage> stages, List<PullRequest> pullRequests,
				io.quantapilot.agents.AgentService.Spending spending, RatingSummary rating) {
			List<String> completed = stages.stream()
				.filter(s -> s.status() == StageStatus.COMPLETED || s.status() == StageStatus.SKIPPED)
				.map(Stage::name)
				.toList();
			Stage current = stages.stream()
				.filter(s -> s.status() != StageStatus.COMPLETED && s.status() != StageStatus.SKIPPED
						&& s.status() != StageStatus.PENDING)
				.findFirst()
				.orElse(null);
			List<String> remaining = stages.stream()
				.filter(s -> s.status() == StageStatus.PENDING)
				.map(Stage::name)
				.toList();
			String currentName = current != null ? current.name() : null;
			Instant end = p.completedAt() != null ? p.completedAt()
					: p.status().isTerminal() ? p.updatedAt() : Instant.now();
			String docs = p.repositoryUrl() != null ? p.repositoryUrl() + " (docs/ARCHITECTURE.md)" : null;
			return new ProjectDetail(p.id(), p.name(), p.status().wireName(), currentName,
					new Progress(completed, currentName, remaining, stages.size()),
					new ResourceUsage(spending.tokens(), spending.costUsd(), hms(Duration.between(p.createdAt(), end))),
					new Artifacts(p.repositoryUrl(), docs, pullRequests.stream().map(PullRequest::url).toList()),
					p.configuration(), p.budgetLimits(), p.estimatedCostUsd(), p.failureReason(), p.createdAt(),
					p.updatedAt(), p.completedAt(), rating);
		}

	}

	/** One person's rating of a finished project. */
	record RatingView(UUID projectId, int score, String comment, String ratedBy, String channel, Instant ratedAt) {

		static RatingView of(ProjectRating r) {
			return new RatingView(r.projectId(), r.score(), r.comment(), r.username(), r.channel(), r.ratedAt());
		}

	}

	/**
	 * The ratings of a project in its GET: whether it can be rated now, how many ratings, their average, the
	 * count per score, and the caller's own rating (null when they gave none).
	 */
	record RatingSummary(boolean rateable, long count, BigDecimal average, Map<String, Long> scores, RatingView mine) {

		static RatingSummary of(Project p, ProjectRatings.Summary summary, ProjectRating mine) {
			Map<String, Long> scores = new java.util.LinkedHashMap<>();
			summary.byScore().forEach((score, n) -> scores.put(score.toString(), n));
			return new RatingSummary(ProjectRatings.rateable(p.status()), summary.count(), summary.average(), scores,
					mine != null ? RatingView.of(mine) : null);
		}

	}

	record ProjectSummary(UUID projectId, String name, String status, Instant createdAt, Instant updatedAt,
			String repositoryUrl) {

		static ProjectSummary of(Project p) {
			return new ProjectSummary(p.id(), p.name(), p.status().wireName(), p.createdAt(), p.updatedAt(),
					p.repositoryUrl());
		}

	}

	record Pagination(long total, int limit, int offset, boolean hasMore) {
	}

	record ProjectList(List<ProjectSummary> projects, Pagination pagination) {
	}

	record StageView(int number, String name, String goal, List<String> acceptanceCriteria, String status,
			String branch, String currentStep, int attempts, String commitId, String mergeCommitId, Instant startedAt,
			Instant completedAt) {

		static StageView of(Stage s) {
			return new StageView(s.number(), s.name(), s.goal(), s.acceptanceCriteria(), s.status().wireName(),
					s.branch(), s.currentStep(), s.attempts(), s.commitId(), s.mergeCommitId(), s.startedAt(),
					s.completedAt());
		}

	}

	record DecisionView(UUID decisionId, UUID projectId, String type, Map<String, Object> context, List<String> options,
			String status, int escalationLevel, Instant createdAt, Instant timeoutAt, Instant decidedAt,
			String decidedBy, String decidedVia, String decision, String comments, Map<String, Object> modifications) {

		static DecisionView of(Decision d) {
			return new DecisionView(d.id(), d.projectId(), d.type().wireName(), d.context(), d.options(),
					d.status().wireName(), d.escalationLevel(), d.createdAt(), d.timeoutAt(), d.decidedAt(),
					d.decidedBy(), d.decidedVia(), d.decision(), d.comments(), d.modifications());
		}

	}

	record AgentRunView(UUID runId, UUID projectId, Integer stage, String role, String provider, String model,
			String status, long inputTokens, long outputTokens, long cachedTokens, boolean estimated,
			BigDecimal costUsd, String summary, String error, List<String> filesWritten, Instant startedAt,
			Instant finishedAt, String sessionId, BigDecimal reportedCostUsd, List<AgentRun.Event> events) {

		static AgentRunView of(AgentRun r, List<AgentRun.Event> events) {
			return new AgentRunView(r.id(), r.projectId(), r.stageNumber(), r.role().wireName(), r.provider(),
					r.model(), r.status(), r.inputTokens(), r.outputTokens(), r.cachedTokens(), r.estimated(),
					r.costUsd(), r.summary(), r.error(), r.filesWritten(), r.startedAt(), r.finishedAt(), r.sessionId(),
					r.reportedCostUsd(), events);
		}

	}

	/** Rough wall-clock estimate: about 2,500 tokens a minute of agent work. */
	static Duration estimatedDuration(long tokens) {
		return Duration.ofMinutes(Math.max(1, tokens / 2_500));
	}

	static String hms(Duration d) {
		long s = Math.max(0, d.getSeconds());
		return String.format("%02d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
	}

}
