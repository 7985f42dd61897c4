package io.quantapilot.projects;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.identity.AuditLog;
import io.quantapilot.projects.internal.ProjectRepository;
import io.quantapilot.projects.internal.RatingRepository;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Satisfaction ratings of finished projects: a person gives a completed, failed or cancelled project a
 * score from 1 to 5 with an optional comment, through the API, the dashboard or Telegram. Each person has
 * one rating per project; rating again replaces it. Any signed-in role may rate: a rating is feedback and
 * changes nothing in the project.
 */
@Service
public class ProjectRatings {

	/** Longest comment kept. */
	public static final int MAX_COMMENT_CHARS = 2000;

	/** Statuses a project can be rated in: its work is over, whatever the outcome. */
	private static final Set<ProjectStatus> FINISHED = EnumSet.of(ProjectStatus.COMPLETED, ProjectStatus.FAILED,
			ProjectStatus.CANCELLED);

	private final ProjectRepository projects;

	private final RatingRepository ratings;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	ProjectRatings(ProjectRepository projects, RatingRepository ratings, AuditLog audit,
			ApplicationEventPublisher events) {
		this.projects = projects;
		this.ratings = ratings;
		this.audit = audit;
		this.events = events;
	}

	/** A project's ratings at a glance. */
	public record Summary(long count, BigDecimal average, Map<Integer, Long> byScore) {
	}

	/**
	 * Records (or replaces) the user's rating of the project.
	 *
	 * @throws QuantaPilotException.InvalidRequest for a score outside 1 to 5 or an overlong comment
	 * @throws QuantaPilotException.NotFound for an unknown project
	 * @throws QuantaPilotException.Conflict while the project is still going
	 */
	@Transactional
	public ProjectRating rate(UUID projectId, UUID userId, String username, int score, String comment,
			String channel) {
		if (score < 1 || score > 5) {
			throw new QuantaPilotException.InvalidRequest("score", "score must be a whole number from 1 to 5");
		}
		String text = comment == null || comment.isBlank() ? null : comment.strip();
		if (text != null && text.length() > MAX_COMMENT_CHARS) {
			throw new QuantaPilotException.InvalidRequest("comment",
					"comment must be at most " + MAX_COMMENT_CHARS + " characters");
		}
		if (channel == null || !channel.matches("[a-z_]{1,20}")) {
			throw new QuantaPilotException.InvalidRequest("channel", "channel must be a short lower-case name");
		}
		// Locked so a rating cannot slip in while a retry moves a failed project back to work.
		Project project = projects.findForUpdate(projectId)
			.orElseThrow(() -> new QuantaPilotException.NotFound("project", projectId));
		if (!FINISHED.contains(project.status())) {
			throw new QuantaPilotException.Conflict("only a finished project (completed, failed or cancelled) can be "
					+ "rated; this one is " + project.status().wireName());
		}
		ProjectRating rating = new ProjectRating(projectId, userId, username, score, text, channel, Instant.now());
		ratings.upsert(rating);
		audit.record(username, "project.rated", "project", projectId.toString(),
				Map.of("score", score, "channel", channel));
		events.publishEvent(new ProjectRated(projectId, score, channel));
		return rating;
	}

	public Optional<ProjectRating> ratingOf(UUID projectId, UUID userId) {
		return ratings.find(projectId, userId);
	}

	/** Every rating of the project, newest first. */
	public List<ProjectRating> ratings(UUID projectId) {
		projects.find(projectId).orElseThrow(() -> new QuantaPilotException.NotFound("project", projectId));
		return ratings.forProject(projectId);
	}

	public Summary summary(UUID projectId) {
		return summarise(ratings.countByScore(projectId));
	}

	/** Ratings of all projects per score, 1 to 5 (for the metrics). */
	public Map<Integer, Long> countByScore() {
		return ratings.countByScore(null);
	}

	/** Whether a project in this status can be rated. */
	public static boolean rateable(ProjectStatus status) {
		return FINISHED.contains(status);
	}

	static Summary summarise(Map<Integer, Long> byScore) {
		long count = byScore.values().stream().mapToLong(Long::longValue).sum();
		long total = byScore.entrySet().stream().mapToLong(e -> e.getKey() * e.getValue()).sum();
		BigDecimal average = count == 0 ? null
				: BigDecimal.valueOf(total).divide(BigDecimal.valueOf(count), 2, RoundingMode.HALF_UP);
		return new Summary(count, average, byScore);
	}

}
