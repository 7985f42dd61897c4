package io.quantapilot.forge;

import java.net.URI;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.quantapilot.common.PlatformSettings;
import io.quantapilot.common.QuantaPilotException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The forge module's API for the pipeline. It picks each project's forge ({@code local} or
 * {@code github}: the project's {@code configuration.forge}, else {@code quantapilot.forge.provider}),
 * remembers the choice and the repository at intake, and keeps the platform's records of the stage pull
 * requests and the verdicts on their checks. Working copies live under {@code <data-dir>/workspaces}.
 */
@Service
public class ForgeService {

	private static final TypeReference<List<Map<String, Object>>> CHECKS = new TypeReference<>() {
	};

	private final Map<String, ForgeProvider> providers;

	private final LocalRepositories repositories;

	private final PlatformSettings platform;

	private final ForgeSettings settings;

	private final JdbcClient jdbc;

	private final JsonMapper json = JsonMapper.builder().build();

	private final Clock clock = Clock.systemUTC();

	ForgeService(List<ForgeProvider> providers, LocalRepositories repositories, PlatformSettings platform,
			ForgeSettings settings, JdbcClient jdbc) {
		this.providers = providers.stream().collect(Collectors.toMap(ForgeProvider::id, Function.identity()));
		this.repositories = repositories;
		this.platform = platform;
		this.settings = settings;
		this.jdbc = jdbc;
	}

	/** The local repositories (also served read-only over HTTP). */
	public LocalRepositories repositories() {
		return repositories;
	}

	/** The default forge of new projects. */
	public String defaultProvider() {
		return settings.provider();
	}

	/**
	 * Creates the project's repository on the default forge, or finds it after a crash.
	 * @see #ensureRepository(UUID, String, String, String)
	 */
	public RepositoryRef ensureRepository(UUID projectId, String slug, String source) {
		return ensureRepository(projectId, slug, source, null);
	}

	/**
	 * Creates the project's repository, or finds it after a crash. The first call decides the forge
	 * ({@code forge}, else the default) and remembers it; later calls return the same repository. With a
	 * {@code source} repository the project builds on it: the local forge copies it, GitHub uses a
	 * repository of its own host directly.
	 */
	public RepositoryRef ensureRepository(UUID projectId, String slug, String source, String forge) {
		Optional<Stored> stored = stored(projectId);
		String name = slug + "-" + projectId.toString().substring(0, 8);
		if (stored.isPresent() && "github".equals(stored.get().provider())) {
			return stored.get().ref();
		}
		String provider = stored.map(Stored::provider).orElse(forge != null && !forge.isBlank() ? forge : settings.provider());
		RepositoryRef ref = provider(provider).repository(new RepositoryRequest(projectId,
				stored.map(s -> s.ref().name()).orElse(name), "QuantaPilot project " + slug, source));
		if (stored.isEmpty()) {
			jdbc.sql("""
					INSERT INTO forge_repositories (project_id, provider, owner, name, remote, clone_url)
					VALUES (:p, :provider, :owner, :name, :remote, :clone) ON CONFLICT (project_id) DO NOTHING""")
				.param("p", projectId)
				.param("provider", provider)
				.param("owner", ref.owner())
				.param("name", ref.name())
				.param("remote", ref.remote().toString())
				.param("clone", ref.cloneUrl())
				.update();
		}
		return ref;
	}

	/** The forge holding the project's repository ({@code local} or {@code github}). */
	public String providerOf(UUID projectId) {
		return stored(projectId).map(Stored::provider).orElse(settings.provider());
	}

	/** The project's working copy, cloned or fetched with the forge's credentials; the caller closes it. */
	public Workspace openWorkspace(UUID projectId, RepositoryRef repository) {
		return Workspace.open(workspaceDir(projectId), repository.remote(),
				new Identity(settings.botName(), settings.botEmail()), provider(providerOf(projectId)).credentials());
	}

	public Path workspaceDir(UUID projectId) {
		return platform.workspacesDir().resolve(projectId.toString());
	}

	/**
	 * Deletes a finished project's working copy (weekly maintenance). The repository on the forge keeps
	 * everything; only the local clone goes. Nothing happens when there is none.
	 *
	 * @return the bytes freed
	 */
	public long removeWorkspace(UUID projectId) {
		Path dir = workspaceDir(projectId);
		if (!java.nio.file.Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
			return 0;
		}
		long[] freed = { 0 };
		try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(dir)) {
			for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
				if (java.nio.file.Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
					freed[0] += java.nio.file.Files.size(p);
				}
				java.nio.file.Files.delete(p);
			}
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException("cannot remove the workspace " + dir, ex);
		}
		return freed[0];
	}

	public String releaseTag() {
		return settings.releaseTag();
	}

	/** How often stages waiting for checks are looked at (webhooks wake them sooner). */
	public Duration checksPollInterval() {
		return settings.github().pollInterval();
	}

	/**
	 * The stage's pull request as its forge knows it now, found by its branch: lets a retried step see
	 * that an earlier attempt (or a person) already merged it, before it pushes anything.
	 */
	public Optional<RemotePullRequest> findRemotePullRequest(UUID projectId, int stage, String branch) {
		return provider(providerOf(projectId)).findPullRequest(repository(projectId),
				new PullRequestDraft(projectId, stage, "", "", branch, null));
	}

	/**
	 * Opens the stage's pull request (or finds the one opened before, on the forge and here), brings its
	 * record up to date, and publishes the platform's test run as its check. A new head restarts the wait
	 * for checks.
	 */
	public PullRequest publish(PullRequestDraft draft, PlatformCheck check) {
		String providerId = providerOf(draft.projectId());
		ForgeProvider provider = provider(providerId);
		RepositoryRef repository = repository(draft.projectId());
		RemotePullRequest remote = provider.openPullRequest(repository, draft);
		String head = remote.headSha() != null ? remote.headSha() : draft.headSha();
		String checks = check != null ? json.writeValueAsString(List.of(platformCheck(check))) : "[]";
		jdbc.sql("""
				INSERT INTO pull_requests (id, project_id, stage_number, number, title, branch, head_commit, status, url,
				    merge_commit_id, provider, checks, checks_state, checks_started_at)
				VALUES (:id, :p, :stage, :number, :title, :branch, :head, :status, :url, :merge, :provider,
				    CAST(:checks AS jsonb), 'pending', now())
				ON CONFLICT (project_id, stage_number) DO UPDATE SET number = EXCLUDED.number, title = EXCLUDED.title,
				    url = EXCLUDED.url, status = EXCLUDED.status,
				    merge_commit_id = COALESCE(EXCLUDED.merge_commit_id, pull_requests.merge_commit_id),
				    checks_started_at = CASE WHEN pull_requests.head_commit IS DISTINCT FROM EXCLUDED.head_commit
				        THEN now() ELSE pull_requests.checks_started_at END,
				    checks_state = CASE WHEN pull_requests.head_commit IS DISTINCT FROM EXCLUDED.head_commit
				        THEN 'pending' ELSE pull_requests.checks_state END,
				    head_commit = EXCLUDED.head_commit, updated_at = now()""")
			.param("id", UUID.randomUUID())
			.param("p", draft.projectId())
			.param("stage", draft.stage())
			.param("number", remote.number())
			.param("title", draft.title())
			.param("branch", draft.branch())
			.param("head", head)
			.param("status", remote.merged() ? "merged" : remote.closed() ? "closed" : "open")
			.param("url", remote.url())
			.param("merge", remote.mergeCommitSha())
			.param("provider", providerId)
			.param("checks", checks)
			.update();
		if (check != null && !remote.merged()) {
			provider.reportCheck(repository, head, check);
		}
		return pullRequest(draft.projectId(), draft.stage()).orElseThrow();
	}

	/**
	 * Judges the checks of the stage pull request's current head and records the verdict. No check at
	 * all counts as pending for the grace period (CI takes a moment to register), then as passing (a
	 * repository without CI); pending beyond the checks timeout is {@code TIMED_OUT}.
	 */
	public ChecksReport evaluateChecks(UUID projectId, int stage) {
		PullRequest recorded = pullRequest(projectId, stage)
			.orElseThrow(() -> new QuantaPilotException.NotFound("pull request of stage", projectId + "/" + stage));
		RemotePullRequest known = new RemotePullRequest(recorded.number(), recorded.url(), recorded.status(),
				recorded.headCommit(), recorded.mergeCommitId());
		ChecksReport report = provider(providerOf(projectId)).checks(repository(projectId), known);
		Instant now = clock.instant();
		boolean headMoved = report.headSha() != null && !report.headSha().equals(recorded.headCommit());
		Instant started = checksStartedAt(projectId, stage);
		Instant since = headMoved || started == null ? now : started;
		ChecksReport.State state = report.state();
		if (state == ChecksReport.State.NONE) {
			state = Duration.between(since, now).compareTo(settings.github().checksGrace()) < 0
					? ChecksReport.State.PENDING : ChecksReport.State.SUCCESS;
		}
		if (state == ChecksReport.State.PENDING
				&& Duration.between(since, now).compareTo(settings.github().checksTimeout()) > 0) {
			state = ChecksReport.State.TIMED_OUT;
		}
		String status = switch (state) {
			case MERGED -> "merged";
			case CLOSED -> "closed";
			default -> "open";
		};
		List<Map<String, Object>> checks = report.checks().stream().map(ForgeService::checkMap).toList();
		jdbc.sql("""
				UPDATE pull_requests SET checks = CASE WHEN :listed THEN CAST(:checks AS jsonb) ELSE checks END,
				    checks_state = :state, checks_report = :report,
				    checks_updated_at = now(), checks_started_at = :since, head_commit = :head,
				    status = CASE WHEN status = 'merged' THEN status ELSE :status END, updated_at = now()
				WHERE project_id = :p AND stage_number = :s""")
			.param("checks", json.writeValueAsString(checks))
			// The local forge lists no checks: its record keeps the platform's own.
			.param("listed", !checks.isEmpty())
			.param("state", state.wireName())
			.param("report", report.failureReport().isEmpty() ? null : report.failureReport())
			.param("since", Timestamp.from(since))
			.param("head", report.headSha() != null ? report.headSha() : recorded.headCommit())
			.param("status", status)
			.param("p", projectId)
			.param("s", stage)
			.update();
		return new ChecksReport(state, report.headSha() != null ? report.headSha() : recorded.headCommit(),
				report.checks(), report.failureReport());
	}

	/**
	 * Merges the stage's pull request, guarded by the head whose checks were judged, and deletes its
	 * branch; records the merge, or the moved head when the branch changed (its checks are then judged
	 * again).
	 */
	public MergeOutcome merge(UUID projectId, int stage, Workspace workspace, String title, String message,
			String trailer) {
		PullRequest recorded = pullRequest(projectId, stage)
			.orElseThrow(() -> new QuantaPilotException.NotFound("pull request of stage", projectId + "/" + stage));
		MergeOutcome outcome = provider(providerOf(projectId)).merge(repository(projectId),
				new MergeRequest(projectId, stage, recorded.number(), recorded.branch(), recorded.headCommit(), title,
						message, trailer),
				workspace);
		switch (outcome.kind()) {
			case MERGED -> markMerged(projectId, stage, outcome.commitId());
			case HEAD_CHANGED, BRANCH_UPDATED -> jdbc.sql("""
					UPDATE pull_requests SET checks_state = 'pending', checks_started_at = now(), updated_at = now(),
					    head_commit = COALESCE(:head, head_commit)
					WHERE project_id = :p AND stage_number = :s""")
				.param("head", outcome.commitId())
				.param("p", projectId)
				.param("s", stage)
				.update();
			case CLOSED -> setStatus(projectId, stage, "closed");
			case CONFLICT -> jdbc.sql("""
					UPDATE pull_requests SET checks_state = 'conflict', checks_report = :detail, updated_at = now()
					WHERE project_id = :p AND stage_number = :s""")
				.param("detail", outcome.detail())
				.param("p", projectId)
				.param("s", stage)
				.update();
		}
		return outcome;
	}

	/** Tags {@code main} with the release notes (and publishes a release where the forge has them). */
	public String release(UUID projectId, Workspace workspace, String tag, String notes) {
		return provider(providerOf(projectId)).release(repository(projectId), workspace, tag, notes);
	}

	/** The output of the stage's last failed checks, when its pull request's checks failed. */
	public Optional<String> checksFailureReport(UUID projectId, int stage) {
		return jdbc.sql("""
				SELECT checks_report FROM pull_requests
				WHERE project_id = :p AND stage_number = :s AND checks_state = 'failure' AND checks_report IS NOT NULL""")
			.param("p", projectId)
			.param("s", stage)
			.query(String.class)
			.optional();
	}

	/** Records the platform's test run as the pull request's check. */
	public void recordCheck(UUID projectId, int stage, String checksJson) {
		jdbc.sql("UPDATE pull_requests SET checks = CAST(:checks AS jsonb) WHERE project_id = :p AND stage_number = :s")
			.param("p", projectId)
			.param("s", stage)
			.param("checks", checksJson)
			.update();
	}

	public void markMerged(UUID projectId, int stage, String mergeCommitId) {
		jdbc.sql("""
				UPDATE pull_requests SET status = 'merged', merge_commit_id = COALESCE(:commit, merge_commit_id),
				    merged_at = COALESCE(merged_at, now()), updated_at = now()
				WHERE project_id = :p AND stage_number = :s""")
			.param("p", projectId)
			.param("s", stage)
			.param("commit", mergeCommitId)
			.update();
	}

	public Optional<PullRequest> pullRequest(UUID projectId, int stage) {
		return jdbc.sql("SELECT * FROM pull_requests WHERE project_id = :p AND stage_number = :s")
			.param("p", projectId)
			.param("s", stage)
			.query(this::pullRequest)
			.optional();
	}

	public List<PullRequest> pullRequests(UUID projectId) {
		return jdbc.sql("SELECT * FROM pull_requests WHERE project_id = :p ORDER BY number")
			.param("p", projectId)
			.query(this::pullRequest)
			.list();
	}

	/**
	 * The open pull requests of a GitHub repository whose head is {@code sha}, whose number is
	 * {@code number} or whose branch is {@code branch} (any may be null), as (project, stage): whom a
	 * webhook delivery concerns. The branch matters because a head can move (an update of the branch)
	 * before the platform has seen it.
	 */
	public List<StageRef> openPullRequestsOf(String owner, String name, String sha, Integer number, String branch) {
		return jdbc.sql("""
				SELECT pr.project_id, pr.stage_number FROM pull_requests pr
				JOIN forge_repositories r ON r.project_id = pr.project_id
				WHERE r.provider = 'github' AND lower(r.owner) = lower(:owner) AND lower(r.name) = lower(:name)
				    AND pr.status = 'open' AND (pr.head_commit = :sha OR pr.number = :number OR pr.branch = :branch)""")
			.param("owner", owner)
			.param("name", name)
			.param("sha", sha)
			.param("number", number)
			.param("branch", branch)
			.query((rs, i) -> new StageRef(rs.getObject("project_id", UUID.class), rs.getInt("stage_number")))
			.list();
	}

	/**
	 * A project stage a forge event concerns.
	 *
	 * @param projectId the project
	 * @param stage the stage number
	 */
	public record StageRef(UUID projectId, int stage) {
	}

	private void setStatus(UUID projectId, int stage, String status) {
		jdbc.sql("UPDATE pull_requests SET status = :status, updated_at = now() WHERE project_id = :p AND stage_number = :s")
			.param("status", status)
			.param("p", projectId)
			.param("s", stage)
			.update();
	}

	private Instant checksStartedAt(UUID projectId, int stage) {
		return jdbc.sql("SELECT checks_started_at FROM pull_requests WHERE project_id = :p AND stage_number = :s")
			.param("p", projectId)
			.param("s", stage)
			.query((rs, i) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
			.single()
			.orElse(null);
	}

	private RepositoryRef repository(UUID projectId) {
		Stored stored = stored(projectId).orElseThrow(
				() -> new QuantaPilotException.NotFound("repository of project", projectId));
		if ("github".equals(stored.provider())) {
			return stored.ref();
		}
		// The local clone URL follows the server's current address, so it is made afresh.
		return provider("local").repository(new RepositoryRequest(projectId, stored.ref().name(), "", null));
	}

	private Optional<Stored> stored(UUID projectId) {
		return jdbc.sql("SELECT * FROM forge_repositories WHERE project_id = :p")
			.param("p", projectId)
			.query((rs, i) -> new Stored(rs.getString("provider"), new RepositoryRef(rs.getString("owner"),
					rs.getString("name"), URI.create(rs.getString("remote")), rs.getString("clone_url"))))
			.optional();
	}

	private ForgeProvider provider(String id) {
		ForgeProvider provider = providers.get(id);
		if (provider == null) {
			throw new QuantaPilotException.InvalidRequest("configuration.forge",
					"unknown forge '" + id + "' (known: " + String.join(", ", ForgeSettings.PROVIDERS) + ")");
		}
		return provider;
	}

	private record Stored(String provider, RepositoryRef ref) {
	}

	private static Map<String, Object> platformCheck(PlatformCheck check) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("kind", "status");
		map.put("name", PlatformCheck.CONTEXT);
		map.put("status", "completed");
		map.put("conclusion", check.passed() ? "success" : "failure");
		map.put("description", check.description());
		return map;
	}

	private static Map<String, Object> checkMap(ChecksReport.Check check) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("kind", check.kind());
		map.put("name", check.name());
		map.put("status", check.status());
		map.put("conclusion", check.conclusion());
		if (check.url() != null) {
			map.put("url", check.url());
		}
		return map;
	}

	private PullRequest pullRequest(ResultSet rs, int row) throws SQLException {
		Timestamp merged = rs.getTimestamp("merged_at");
		String checks = rs.getString("checks");
		return new PullRequest(rs.getObject("id", UUID.class), rs.getObject("project_id", UUID.class),
				rs.getInt("stage_number"), rs.getInt("number"), rs.getString("title"), rs.getString("branch"),
				rs.getString("head_commit"), rs.getString("status"), rs.getString("url"),
				rs.getString("merge_commit_id"), rs.getTimestamp("created_at").toInstant(),
				merged != null ? merged.toInstant() : null,
				checks != null ? json.readValue(checks, CHECKS) : List.of(), rs.getString("checks_state"));
	}

}
