package io.quantapilot.projects.internal;

import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.quantapilot.projects.ProjectRating;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Stores ratings in {@code project_ratings}, one row per project and user. */
@Repository
public class RatingRepository {

	private final JdbcClient jdbc;

	RatingRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Inserts the rating, or replaces the user's earlier one for the project. */
	public void upsert(ProjectRating rating) {
		jdbc.sql("""
				INSERT INTO project_ratings (project_id, user_id, username, score, comment, channel, rated_at)
				VALUES (:project, :user, :username, :score, :comment, :channel, :at)
				ON CONFLICT (project_id, user_id) DO UPDATE SET username = EXCLUDED.username, score = EXCLUDED.score,
				    comment = EXCLUDED.comment, channel = EXCLUDED.channel, rated_at = EXCLUDED.rated_at""")
			.param("project", rating.projectId())
			.param("user", rating.userId())
			.param("username", rating.username())
			.param("score", rating.score())
			.param("comment", rating.comment())
			.param("channel", rating.channel())
			.param("at", Timestamp.from(rating.ratedAt()))
			.update();
	}

	public Optional<ProjectRating> find(UUID projectId, UUID userId) {
		return jdbc.sql("SELECT * FROM project_ratings WHERE project_id = :project AND user_id = :user")
			.param("project", projectId)
			.param("user", userId)
			.query(RatingRepository::map)
			.optional();
	}

	public List<ProjectRating> forProject(UUID projectId) {
		return jdbc.sql("SELECT * FROM project_ratings WHERE project_id = :project ORDER BY rated_at DESC")
			.param("project", projectId)
			.query(RatingRepository::map)
			.list();
	}

	/** Number of ratings per score (1 to 5, every score present) of one project, or of all when null. */
	public Map<Integer, Long> countByScore(UUID projectId) {
		Map<Integer, Long> counts = new LinkedHashMap<>();
		for (int score = 1; score <= 5; score++) {
			counts.put(score, 0L);
		}
		var query = projectId == null
				? jdbc.sql("SELECT score, count(*) AS n FROM project_ratings GROUP BY score")
				: jdbc.sql("SELECT score, count(*) AS n FROM project_ratings WHERE project_id = :project GROUP BY score")
					.param("project", projectId);
		query.query((rs, row) -> counts.put(rs.getInt("score"), rs.getLong("n"))).list();
		return counts;
	}

	private static ProjectRating map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new ProjectRating(rs.getObject("project_id", UUID.class), rs.getObject("user_id", UUID.class),
				rs.getString("username"), rs.getInt("score"), rs.getString("comment"), rs.getString("channel"),
				rs.getTimestamp("rated_at").toInstant());
	}

}
