package io.quantapilot.projects.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.quantapilot.projects.Project;
import io.quantapilot.projects.ProjectStatus;
import io.quantapilot.projects.Stage;
import io.quantapilot.projects.StageDefinition;
import io.quantapilot.projects.StageStatus;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Stores projects and their stages in the {@code projects} and {@code stages} tables. */
@Repository
public class ProjectRepository {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	ProjectRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	public void insert(Project p) {
		jdbc.sql("""
				INSERT INTO projects (id, name, slug, readme, source_repository, status, configuration, budget_limits,
				    estimated_cost_usd, estimated_tokens, created_by, created_at, updated_at)
				VALUES (:id, :name, :slug, :readme, :source, :status, CAST(:configuration AS jsonb),
				    CAST(:budget AS jsonb), :cost, :tokens, :createdBy, :createdAt, :createdAt)""")
			.param("id", p.id())
			.param("name", p.name())
			.param("slug", p.slug())
			.param("readme", p.readme())
			.param("source", p.sourceRepository())
			.param("status", p.status().wireName())
			.param("configuration", json.writeValueAsString(p.configuration()))
			.param("budget", json.writeValueAsString(p.budgetLimits()))
			.param("cost", p.estimatedCostUsd())
			.param("tokens", p.estimatedTokens())
			.param("createdBy", p.createdBy())
			.param("createdAt", Timestamp.from(p.createdAt()))
			.update();
	}

	/** Saves the mutable part of the aggregate. */
	public void update(Project p) {
		jdbc.sql("""
				UPDATE projects SET status = :status, configuration = CAST(:configuration AS jsonb),
				    budget_limits = CAST(:budget AS jsonb), repository_url = :repositoryUrl,
				    status_before_pause = :before, failure_reason = :reason, archived = :archived,
				    updated_at = :updatedAt, completed_at = :completedAt
				WHERE id = :id""")
			.param("id", p.id())
			.param("status", p.status().wireName())
			.param("configuration", json.writeValueAsString(p.configuration()))
			.param("budget", json.writeValueAsString(p.budgetLimits()))
			.param("repositoryUrl", p.repositoryUrl())
			.param("before", p.statusBeforePause() != null ? p.statusBeforePause().wireName() : null)
			.param("reason", p.failureReason())
			.param("archived", p.archived())
			.param("updatedAt", Timestamp.from(p.updatedAt()))
			.param("completedAt", p.completedAt() != null ? Timestamp.from(p.completedAt()) : null)
			.update();
	}

	public Optional<Project> find(UUID id) {
		return jdbc.sql("SELECT * FROM projects WHERE id = :id").param("id", id).query(this::project).optional();
	}

	/** Reads the project and locks its row until the transaction ends. */
	public Optional<Project> findForUpdate(UUID id) {
		return jdbc.sql("SELECT * FROM projects WHERE id = :id FOR UPDATE")
			.param("id", id)
			.query(this::project)
			.optional();
	}

	/**
	 * The projects still going (not completed, failed or cancelled) that started from a source repository,
	 * its URL compared without case, trailing slash or {@code .git}.
	 */
	public List<Project> goingFromSource(String sourceUrl) {
		return jdbc.sql("""
				SELECT * FROM projects
				WHERE NOT archived AND status IN ('initializing', 'planning', 'awaiting_approval', 'in_progress', 'paused')
				    AND regexp_replace(lower(source_repository), '(\\.git)?/*$', '')
				        = regexp_replace(lower(:url), '(\\.git)?/*$', '')
				ORDER BY created_at""")
			.param("url", sourceUrl)
			.query(this::project)
			.list();
	}

	public List<Project> list(ProjectStatus status, int limit, int offset) {
		return jdbc.sql("""
				SELECT * FROM projects WHERE NOT archived AND (CAST(:status AS varchar) IS NULL OR status = :status)
				ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset""")
			.param("status", status != null ? status.wireName() : null)
			.param("limit", limit)
			.param("offset", offset)
			.query(this::project)
			.list();
	}

	public long count(ProjectStatus status) {
		return jdbc.sql("""
				SELECT count(*) FROM projects WHERE NOT archived
				AND (CAST(:status AS varchar) IS NULL OR status = :status)""")
			.param("status", status != null ? status.wireName() : null)
			.query(Long.class)
			.single();
	}

	/** Projects whose name contains the text, ignoring case (LIKE wildcards in the text match literally). */
	public List<Project> search(ProjectStatus status, String nameContains, int limit, int offset) {
		return jdbc.sql("""
				SELECT * FROM projects WHERE NOT archived AND (CAST(:status AS varchar) IS NULL OR status = :status)
				AND name ILIKE :pattern ESCAPE '\\'
				ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset""")
			.param("status", status != null ? status.wireName() : null)
			.param("pattern", likePattern(nameContains))
			.param("limit", limit)
			.param("offset", offset)
			.query(this::project)
			.list();
	}

	public long countMatching(ProjectStatus status, String nameContains) {
		return jdbc.sql("""
				SELECT count(*) FROM projects WHERE NOT archived
				AND (CAST(:status AS varchar) IS NULL OR status = :status) AND name ILIKE :pattern ESCAPE '\\'""")
			.param("status", status != null ? status.wireName() : null)
			.param("pattern", likePattern(nameContains))
			.query(Long.class)
			.single();
	}

	private static String likePattern(String text) {
		return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
	}

	public Map<String, Long> countByStatus() {
		var counts = new java.util.LinkedHashMap<String, Long>();
		jdbc.sql("SELECT status, count(*) AS n FROM projects GROUP BY status")
			.query((rs, i) -> counts.put(rs.getString("status"), rs.getLong("n")))
			.list();
		return counts;
	}

	public io.quantapilot.projects.ProjectService.Statistics statistics(Instant since) {
		var byStatus = new java.util.LinkedHashMap<String, Long>();
		jdbc.sql("SELECT status, count(*) AS n FROM projects WHERE created_at >= :since GROUP BY status ORDER BY status")
			.param("since", Timestamp.from(since))
			.query((rs, i) -> byStatus.put(rs.getString("status"), rs.getLong("n")))
			.list();
		return jdbc.sql("""
				SELECT count(*) AS total,
				    avg(EXTRACT(EPOCH FROM completed_at - created_at)) FILTER (WHERE status = 'completed') AS seconds,
				    avg(tokens_used) AS tokens, avg(cost_usd) AS cost
				FROM projects WHERE created_at >= :since""")
			.param("since", Timestamp.from(since))
			.query((rs, i) -> new io.quantapilot.projects.ProjectService.Statistics(rs.getLong("total"), byStatus,
					rs.getObject("seconds") == null ? null : rs.getDouble("seconds"),
					rs.getObject("tokens") == null ? null : rs.getDouble("tokens"),
					rs.getBigDecimal("cost") == null ? null : rs.getBigDecimal("cost").setScale(4, java.math.RoundingMode.HALF_UP)))
			.single();
	}

	/** Average tokens of completed projects that used any, when there are at least {@code minimum} of them. */
	public java.util.Optional<Long> averageTokensOfCompleted(int minimum) {
		return jdbc.sql("""
				SELECT count(*) AS n, avg(tokens_used) AS avg FROM projects WHERE status = 'completed' AND tokens_used > 0""")
			.query((rs, i) -> rs.getLong("n") >= minimum ? java.util.Optional.of(rs.getBigDecimal("avg").longValue())
					: java.util.Optional.<Long>empty())
			.single();
	}

	public void updateReadme(UUID id, String readme) {
		jdbc.sql("UPDATE projects SET readme = :readme, updated_at = now() WHERE id = :id")
			.param("id", id)
			.param("readme", readme)
			.update();
	}

	public void setUsage(UUID id, long tokens, BigDecimal cost) {
		jdbc.sql("""
				UPDATE projects SET tokens_used = :tokens, cost_usd = :cost, updated_at = now() WHERE id = :id""")
			.param("id", id)
			.param("tokens", tokens)
			.param("cost", cost)
			.update();
	}

	/** Replaces the planned stages; only used while the plan is not yet being built. */
	public void replaceStages(UUID projectId, List<StageDefinition> stages) {
		jdbc.sql("DELETE FROM stages WHERE project_id = :id").param("id", projectId).update();
		for (StageDefinition s : stages) {
			jdbc.sql("""
					INSERT INTO stages (project_id, number, name, goal, acceptance_criteria, estimated_tokens, branch)
					VALUES (:id, :number, :name, :goal, CAST(:criteria AS jsonb), :tokens, :branch)""")
				.param("id", projectId)
				.param("number", s.number())
				.param("name", s.name())
				.param("goal", s.goal())
				.param("criteria", json.writeValueAsString(s.acceptanceCriteria()))
				.param("tokens", s.estimatedTokens())
				.param("branch", Stage.branchFor(s.number(), s.name()))
				.update();
		}
	}

	public List<Stage> stages(UUID projectId) {
		return jdbc.sql("SELECT * FROM stages WHERE project_id = :id ORDER BY number")
			.param("id", projectId)
			.query(this::stage)
			.list();
	}

	public Optional<Stage> stage(UUID projectId, int number) {
		return jdbc.sql("SELECT * FROM stages WHERE project_id = :id AND number = :n")
			.param("id", projectId)
			.param("n", number)
			.query(this::stage)
			.optional();
	}

	/** Records the step a stage is in; the first step starts the stage's clock. */
	public void stageStep(UUID projectId, int number, StageStatus status, String step, boolean newAttempt) {
		jdbc.sql("""
				UPDATE stages SET status = :status, current_step = :step,
				    attempts = attempts + CASE WHEN :newAttempt THEN 1 ELSE 0 END,
				    started_at = COALESCE(started_at, now())
				WHERE project_id = :id AND number = :n""")
			.param("id", projectId)
			.param("n", number)
			.param("status", status.wireName())
			.param("step", step)
			.param("newAttempt", newAttempt)
			.update();
	}

	public void stageCommitted(UUID projectId, int number, String commitId) {
		jdbc.sql("UPDATE stages SET commit_id = :commit WHERE project_id = :id AND number = :n")
			.param("id", projectId)
			.param("n", number)
			.param("commit", commitId)
			.update();
	}

	public void stageFinished(UUID projectId, int number, StageStatus status, String mergeCommitId) {
		jdbc.sql("""
				UPDATE stages SET status = :status, current_step = NULL,
				    merge_commit_id = COALESCE(:merge, merge_commit_id), completed_at = now()
				WHERE project_id = :id AND number = :n""")
			.param("id", projectId)
			.param("n", number)
			.param("status", status.wireName())
			.param("merge", mergeCommitId)
			.update();
	}

	private Project project(ResultSet rs, int row) throws SQLException {
		String before = rs.getString("status_before_pause");
		return new Project(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("slug"),
				rs.getString("readme"), rs.getString("source_repository"),
				ProjectStatus.fromWireName(rs.getString("status")), json.readValue(rs.getString("configuration"), MAP),
				json.readValue(rs.getString("budget_limits"), MAP), rs.getString("repository_url"),
				rs.getBigDecimal("estimated_cost_usd"), rs.getLong("estimated_tokens"), rs.getLong("tokens_used"),
				rs.getBigDecimal("cost_usd"), before != null ? ProjectStatus.fromWireName(before) : null,
				rs.getString("failure_reason"), rs.getBoolean("archived"), rs.getString("created_by"),
				instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "completed_at"));
	}

	private Stage stage(ResultSet rs, int row) throws SQLException {
		return new Stage(rs.getInt("number"), rs.getString("name"), rs.getString("goal"),
				json.readValue(rs.getString("acceptance_criteria"), STRINGS), rs.getLong("estimated_tokens"),
				StageStatus.fromWireName(rs.getString("status")), rs.getString("branch"), rs.getString("current_step"),
				rs.getInt("attempts"), rs.getString("commit_id"), rs.getString("merge_commit_id"),
				instant(rs, "started_at"), instant(rs, "completed_at"));
	}

	static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp ts = rs.getTimestamp(column);
		return ts != null ? ts.toInstant() : null;
	}

}
