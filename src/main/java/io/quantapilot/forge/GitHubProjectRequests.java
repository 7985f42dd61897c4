package io.quantapilot.forge;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.quantapilot.common.QuantaPilotException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Projects asked for by GitHub webhooks. A request is stored once per source (the head commit of a README
 * push, or the issue) in the transaction that records the delivery, and announced with
 * {@link GitHubProjectRequested}; the projects module claims it, starts the project or says why not, and
 * reports the project's end here. Issues get comments for each of these (posted by the issue reporter, at
 * most once each), and are closed when their project completes.
 */
@Service
public class GitHubProjectRequests {

	private static final Logger log = LoggerFactory.getLogger(GitHubProjectRequests.class);

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	GitHubProjectRequests(JdbcClient jdbc, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.events = events;
	}

	/**
	 * What a webhook asks for.
	 *
	 * @param deliveryId the delivery
	 * @param source {@code push} or {@code issue}
	 * @param owner repository owner
	 * @param name repository name
	 * @param sourceKey head commit, or issue number
	 * @param repositoryUrl the watched repository's URL
	 * @param title the issue's title, or null
	 * @param readme the issue's body, or null
	 * @param issueNumber the issue, or null
	 */
	public record Ask(String deliveryId, String source, String owner, String name, String sourceKey,
			String repositoryUrl, String title, String readme, Integer issueNumber) {
	}

	/**
	 * Stores the request and announces it, unless one came from the same source before (a redelivery under
	 * another delivery id, a second label event, the same commit pushed again): then that one is returned
	 * and nothing else happens.
	 * @return the request, and whether it is new
	 */
	@Transactional
	public Recorded record(Ask ask) {
		UUID id = UUID.randomUUID();
		int inserted = jdbc.sql("""
				INSERT INTO github_project_requests (id, delivery_id, source, owner, name, source_key, repository_url, title,
				    readme, issue_number)
				VALUES (:id, :delivery, :source, :owner, :name, :key, :url, :title, :readme, :issue)
				ON CONFLICT DO NOTHING""")
			.param("id", id)
			.param("delivery", ask.deliveryId())
			.param("source", ask.source())
			.param("owner", ask.owner())
			.param("name", ask.name())
			.param("key", ask.sourceKey())
			.param("url", ask.repositoryUrl())
			.param("title", ask.title())
			.param("readme", ask.readme())
			.param("issue", ask.issueNumber())
			.update();
		GitHubProjectRequest request = jdbc.sql("""
				SELECT * FROM github_project_requests WHERE source = :source AND lower(owner) = lower(:owner)
				    AND lower(name) = lower(:name) AND source_key = :key""")
			.param("source", ask.source())
			.param("owner", ask.owner())
			.param("name", ask.name())
			.param("key", ask.sourceKey())
			.query(GitHubProjectRequests::request)
			.single();
		if (inserted == 1) {
			events.publishEvent(new GitHubProjectRequested(id));
		}
		return new Recorded(request, inserted == 1);
	}

	/**
	 * A stored request.
	 *
	 * @param request the request
	 * @param created false when an earlier one from the same source was found
	 */
	public record Recorded(GitHubProjectRequest request, boolean created) {
	}

	/** The request, locked until the caller's transaction ends, while nobody has acted on it yet. */
	@Transactional
	public Optional<GitHubProjectRequest> claim(UUID id) {
		return jdbc.sql("SELECT * FROM github_project_requests WHERE id = :id AND status = 'pending' FOR UPDATE")
			.param("id", id)
			.query(GitHubProjectRequests::request)
			.optional();
	}

	@Transactional
	public void started(UUID id, UUID projectId) {
		settle(id, "started", null, projectId);
		log.info("GitHub project request {} started project {}", id, projectId);
	}

	/** Nothing was started, for a reason that is no fault of the request (a project for it is running). */
	@Transactional
	public void skipped(UUID id, String reason) {
		settle(id, "skipped", reason, null);
		log.info("GitHub project request {} started nothing: {}", id, reason);
	}

	/** Nothing was started because the request itself was not acceptable (an invalid README, …). */
	@Transactional
	public void rejected(UUID id, String reason) {
		settle(id, "rejected", reason, null);
		log.warn("GitHub project request {} was rejected: {}", id, reason);
	}

	/**
	 * A project reached an end ({@code completed}, {@code failed}, {@code cancelled}); a project that was
	 * not started from GitHub is not affected. A failed project retried later may end again.
	 */
	@Transactional
	public void projectFinished(UUID projectId, String outcome, String detail) {
		jdbc.sql("""
				UPDATE github_project_requests SET project_outcome = :outcome, outcome_detail = :detail, updated_at = now(),
				    next_report_at = now(), report_attempts = 0
				WHERE project_id = :p""")
			.param("outcome", outcome)
			.param("detail", detail)
			.param("p", projectId)
			.update();
	}

	public GitHubProjectRequest get(UUID id) {
		return jdbc.sql("SELECT * FROM github_project_requests WHERE id = :id")
			.param("id", id)
			.query(GitHubProjectRequests::request)
			.optional()
			.orElseThrow(() -> new QuantaPilotException.NotFound("GitHub project request", id));
	}

	/** The newest requests first. */
	public List<GitHubProjectRequest> list(int limit) {
		if (limit < 1 || limit > 500) {
			throw new QuantaPilotException.InvalidRequest("limit", "limit must be between 1 and 500");
		}
		return jdbc.sql("SELECT * FROM github_project_requests ORDER BY created_at DESC, id LIMIT :limit")
			.param("limit", limit)
			.query(GitHubProjectRequests::request)
			.list();
	}

	/**
	 * An issue that is owed a comment: on its request's status (started, skipped, rejected) and on its
	 * project's outcome, each once.
	 *
	 * @param request the request
	 * @param reportStatus the request's status, when not reported yet
	 * @param reportOutcome the project's outcome, when not reported yet
	 * @param outcomeDetail why a project failed
	 * @param attempts failed attempts so far
	 */
	record DueReport(GitHubProjectRequest request, String reportStatus, String reportOutcome, String outcomeDetail,
			int attempts) {
	}

	List<DueReport> dueReports(int limit) {
		return jdbc.sql("""
				SELECT * FROM github_project_requests
				WHERE issue_number IS NOT NULL AND status <> 'pending' AND next_report_at <= now()
				    AND (reported_status IS DISTINCT FROM status
				        OR (project_outcome IS NOT NULL AND reported_outcome IS DISTINCT FROM project_outcome))
				ORDER BY next_report_at LIMIT :limit""")
			.param("limit", limit)
			.query((rs, i) -> {
				GitHubProjectRequest request = request(rs, i);
				String reportedStatus = rs.getString("reported_status");
				String reportedOutcome = rs.getString("reported_outcome");
				return new DueReport(request, request.status().equals(reportedStatus) ? null : request.status(),
						request.projectOutcome() == null || request.projectOutcome().equals(reportedOutcome) ? null
								: request.projectOutcome(),
						rs.getString("outcome_detail"), rs.getInt("report_attempts"));
			})
			.list();
	}

	/** What was posted; only moves forward, so a slower reporter cannot undo a newer report. */
	void reported(UUID id, String status, String outcome) {
		jdbc.sql("""
				UPDATE github_project_requests SET reported_status = COALESCE(CAST(:status AS varchar), reported_status),
				    reported_outcome = COALESCE(CAST(:outcome AS varchar), reported_outcome),
				    report_attempts = 0, report_error = NULL, updated_at = now()
				WHERE id = :id""")
			.param("status", status)
			.param("outcome", outcome)
			.param("id", id)
			.update();
	}

	void reportFailed(UUID id, String error, Duration retryIn) {
		jdbc.sql("""
				UPDATE github_project_requests SET report_attempts = report_attempts + 1, report_error = :error,
				    next_report_at = :next, updated_at = now()
				WHERE id = :id""")
			.param("error", error.length() > 500 ? error.substring(0, 500) : error)
			.param("next", Timestamp.from(Instant.now().plus(retryIn)))
			.param("id", id)
			.update();
	}

	private void settle(UUID id, String status, String reason, UUID projectId) {
		int updated = jdbc.sql("""
				UPDATE github_project_requests SET status = :status, reason = :reason, project_id = :p, updated_at = now(),
				    next_report_at = now()
				WHERE id = :id AND status = 'pending'""")
			.param("status", status)
			.param("reason", reason)
			.param("p", projectId)
			.param("id", id)
			.update();
		if (updated != 1) {
			throw new QuantaPilotException.Conflict("GitHub project request " + id + " was settled before");
		}
	}

	private static GitHubProjectRequest request(ResultSet rs, int row) throws SQLException {
		int issue = rs.getInt("issue_number");
		Integer issueNumber = rs.wasNull() ? null : issue;
		return new GitHubProjectRequest(rs.getObject("id", UUID.class), rs.getString("delivery_id"),
				rs.getString("source"), rs.getString("owner"), rs.getString("name"), rs.getString("source_key"),
				rs.getString("repository_url"), rs.getString("title"), rs.getString("readme"), issueNumber,
				rs.getString("status"), rs.getString("reason"), rs.getObject("project_id", UUID.class),
				rs.getString("project_outcome"), rs.getTimestamp("created_at").toInstant());
	}

}
