package io.quantapilot.projects;

import java.time.Instant;
import java.util.UUID;

/**
 * One person's rating of a finished project.
 *
 * @param projectId the rated project
 * @param userId who rated it
 * @param username their name when they rated
 * @param score 1 (poor) to 5 (excellent)
 * @param comment optional free text
 * @param channel where the rating came from: {@code api}, {@code dashboard} or {@code telegram}
 * @param ratedAt when it was given (or last replaced)
 */
public record ProjectRating(UUID projectId, UUID userId, String username, int score, String comment, String channel,
		Instant ratedAt) {
}
