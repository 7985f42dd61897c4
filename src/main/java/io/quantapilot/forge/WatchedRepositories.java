package io.quantapilot.forge;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.forge.github.GitHubApi;
import io.quantapilot.forge.github.GitHubException;
import io.quantapilot.identity.AuditLog;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The GitHub repositories registered for watching: a push that adds or changes README.md on a watched
 * repository's default branch, and an issue labelled for QuantaPilot there, start projects (see
 * {@link GitHubProjectRequests}). Only repositories of the configured GitHub host that the token can see
 * are accepted, checked the way a project's {@code repository_url} is.
 */
@Service
public class WatchedRepositories {

	private final ForgeSettings settings;

	private final GitHubApi github;

	private final JdbcClient jdbc;

	private final AuditLog audit;

	WatchedRepositories(ForgeSettings settings, GitHubApi github, JdbcClient jdbc, AuditLog audit) {
		this.settings = settings;
		this.github = github;
		this.jdbc = jdbc;
		this.audit = audit;
	}

	/**
	 * A watched repository.
	 *
	 * @param id its registration
	 * @param owner owner login
	 * @param name repository name
	 * @param url its web URL, which projects started from it get as {@code repository_url}
	 * @param createdBy who registered it
	 * @param createdAt when
	 */
	public record WatchedRepository(UUID id, String owner, String name, String url, String createdBy,
			Instant createdAt) {
	}

	/**
	 * The outcome of a registration.
	 *
	 * @param repository the registration
	 * @param created false when the repository was registered before (the earlier registration is returned)
	 */
	public record Registration(WatchedRepository repository, boolean created) {
	}

	/**
	 * Registers a repository for watching; registering it again returns the first registration.
	 * @throws QuantaPilotException.InvalidRequest naming {@code repository_url} for anything but a
	 * repository of the configured GitHub host that the token can see
	 */
	@Transactional
	public Registration register(String repositoryUrl, String actor) {
		if (repositoryUrl == null || repositoryUrl.isBlank()) {
			throw new QuantaPilotException.InvalidRequest("repository_url", "repository_url is required");
		}
		if (!settings.github().hasToken()) {
			throw new QuantaPilotException.InvalidRequest("repository_url",
					"the github forge is not configured on this server (quantapilot.forge.github.token)");
		}
		String url = repositoryUrl.strip();
		if (url.length() > 500) {
			throw new QuantaPilotException.InvalidRequest("repository_url", "repository_url must be at most 500 characters");
		}
		GitHubUrls.OwnerAndName named = GitHubUrls.parse(url, settings.github().web())
			.orElseThrow(() -> new QuantaPilotException.InvalidRequest("repository_url",
					"only " + settings.github().web() + "/<owner>/<repository> URLs can be watched, not " + url));
		Optional<WatchedRepository> existing = find(named.owner(), named.name());
		if (existing.isPresent()) {
			return new Registration(existing.get(), false);
		}
		GitHubApi.Repository repository;
		try {
			repository = github.repository(named.owner(), named.name())
				.orElseThrow(() -> new QuantaPilotException.InvalidRequest("repository_url", "GitHub has no repository "
						+ named.owner() + "/" + named.name() + " that the configured token can see"));
		}
		catch (GitHubException ex) {
			if (ex.isTransient()) {
				throw new QuantaPilotException.TransientFailure("GitHub did not answer: " + ex.githubMessage(), ex);
			}
			throw new QuantaPilotException.InvalidRequest("repository_url",
					"GitHub refused to show " + named.owner() + "/" + named.name() + ": " + ex.githubMessage());
		}
		// GitHub's spelling of owner and name, so webhook payloads match whatever case the URL had.
		String canonical = settings.github().web().toString().replaceAll("/+$", "") + "/" + repository.owner() + "/"
				+ repository.name();
		UUID id = UUID.randomUUID();
		int inserted = jdbc.sql("""
				INSERT INTO github_watched_repositories (id, owner, name, url, created_by)
				VALUES (:id, :owner, :name, :url, :actor) ON CONFLICT DO NOTHING""")
			.param("id", id)
			.param("owner", repository.owner())
			.param("name", repository.name())
			.param("url", canonical)
			.param("actor", actor)
			.update();
		WatchedRepository registered = find(repository.owner(), repository.name()).orElseThrow();
		if (inserted == 1) {
			audit.record(actor, "forge.repository_watched", "github_repository", registered.id().toString(),
					Map.of("repository", registered.owner() + "/" + registered.name()));
		}
		return new Registration(registered, inserted == 1);
	}

	public List<WatchedRepository> list() {
		return jdbc.sql("SELECT * FROM github_watched_repositories ORDER BY lower(owner), lower(name)")
			.query(WatchedRepositories::watched)
			.list();
	}

	public WatchedRepository get(UUID id) {
		return jdbc.sql("SELECT * FROM github_watched_repositories WHERE id = :id")
			.param("id", id)
			.query(WatchedRepositories::watched)
			.optional()
			.orElseThrow(() -> new QuantaPilotException.NotFound("watched repository", id));
	}

	/** Stops watching; projects started from the repository go on. */
	@Transactional
	public void unregister(UUID id, String actor) {
		WatchedRepository watched = get(id);
		jdbc.sql("DELETE FROM github_watched_repositories WHERE id = :id").param("id", id).update();
		audit.record(actor, "forge.repository_unwatched", "github_repository", id.toString(),
				Map.of("repository", watched.owner() + "/" + watched.name()));
	}

	/** The registration of a repository, matched as GitHub matches names (ignoring case). */
	public Optional<WatchedRepository> find(String owner, String name) {
		if (owner == null || name == null) {
			return Optional.empty();
		}
		return jdbc.sql("""
				SELECT * FROM github_watched_repositories WHERE lower(owner) = lower(:owner) AND lower(name) = lower(:name)""")
			.param("owner", owner)
			.param("name", name)
			.query(WatchedRepositories::watched)
			.optional();
	}

	private static WatchedRepository watched(ResultSet rs, int row) throws SQLException {
		return new WatchedRepository(rs.getObject("id", UUID.class), rs.getString("owner"), rs.getString("name"),
				rs.getString("url"), rs.getString("created_by"), rs.getTimestamp("created_at").toInstant());
	}

}
