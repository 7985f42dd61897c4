package io.quantapilot.forge;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.quantapilot.common.PlatformSettings;
import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.common.ServerAddress;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The forge module's API for the pipeline, backed by the embedded local forge: repositories under
 * {@code <data-dir>/repos}, working copies under {@code <data-dir>/workspaces}, and pull requests as records.
 */
@Service
public class ForgeService {

	private final LocalRepositories repositories;

	private final PlatformSettings platform;

	private final ForgeSettings settings;

	private final JdbcClient jdbc;

	private final ServerAddress address;

	ForgeService(PlatformSettings platform, ForgeSettings settings, JdbcClient jdbc, ServerAddress address) {
		this.address = address;
		this.repositories = new LocalRepositories(platform.reposDir());
		this.platform = platform;
		this.settings = settings;
		this.jdbc = jdbc;
	}

	/** The local repositories (also served read-only over HTTP). */
	public LocalRepositories repositories() {
		return repositories;
	}

	/**
	 * Creates the project's repository, or finds it after a crash. With a {@code source} repository, the new
	 * one starts as a copy of it, so the project builds on the existing code.
	 */
	public RepositoryRef ensureRepository(UUID projectId, String slug, String source) {
		String name = slug + "-" + projectId.toString().substring(0, 8);
		Optional<Path> existing = repositories.find(settings.owner(), name);
		Path bare;
		if (existing.isPresent()) {
			bare = existing.get();
		}
		else if (source != null) {
			bare = mirror(source, name);
		}
		else {
			bare = repositories.create(settings.owner(), name);
		}
		return new RepositoryRef(settings.owner(), name, bare.toUri(), cloneUrl(bare, name));
	}

	private Path mirror(String source, String name) {
		Path target = platform.reposDir().resolve(settings.owner()).resolve(name + ".git");
		Path partial = target.resolveSibling(name + ".git.partial");
		try {
			deleteRecursively(partial);
			Files.createDirectories(partial.getParent());
			try (Git git = Git.cloneRepository().setURI(source).setBare(true).setDirectory(partial.toFile()).call()) {
				git.getRepository().getConfig().setBoolean("http", null, "receivepack", false);
				git.getRepository().getConfig().unsetSection("remote", "origin");
				git.getRepository().getConfig().save();
			}
			Files.move(partial, target);
			return target;
		}
		catch (GitAPIException ex) {
			throw new QuantaPilotException.InvalidRequest("repository_url",
					"cannot clone " + source + ": " + ex.getMessage());
		}
		catch (IOException ex) {
			throw new QuantaPilotException.TransientFailure("cannot copy " + source, ex);
		}
	}

	private String cloneUrl(Path bare, String name) {
		String base = address.baseUrl();
		if (base.isEmpty()) {
			return bare.toAbsolutePath().normalize().toString();
		}
		return base + "/git/" + settings.owner() + "/" + name + ".git";
	}

	/** The project's working copy, cloned or fetched; the caller closes it. */
	public Workspace openWorkspace(UUID projectId, RepositoryRef repository) {
		return Workspace.open(workspaceDir(projectId), repository.remote(),
				new Identity(settings.botName(), settings.botEmail()));
	}

	public Path workspaceDir(UUID projectId) {
		return platform.workspacesDir().resolve(projectId.toString());
	}

	public String releaseTag() {
		return settings.releaseTag();
	}

	/** Opens the stage's pull request, or returns the one opened before. */
	@Transactional
	public PullRequest openPullRequest(UUID projectId, int stage, String title, String branch, String headCommit,
			String repositoryUrl) {
		Optional<PullRequest> existing = pullRequest(projectId, stage);
		if (existing.isPresent()) {
			return existing.get();
		}
		int number = jdbc.sql("SELECT COALESCE(max(number), 0) + 1 FROM pull_requests WHERE project_id = :p")
			.param("p", projectId)
			.query(Integer.class)
			.single();
		jdbc.sql("""
				INSERT INTO pull_requests (id, project_id, stage_number, number, title, branch, head_commit, status, url)
				VALUES (:id, :p, :stage, :number, :title, :branch, :head, 'open', :url)""")
			.param("id", UUID.randomUUID())
			.param("p", projectId)
			.param("stage", stage)
			.param("number", number)
			.param("title", title)
			.param("branch", branch)
			.param("head", headCommit)
			.param("url", repositoryUrl + "#pull/" + number)
			.update();
		return pullRequest(projectId, stage).orElseThrow();
	}

	/** Records the platform's test run as the pull request's check. */
	@Transactional
	public void recordCheck(UUID projectId, int stage, String checksJson) {
		jdbc.sql("UPDATE pull_requests SET checks = CAST(:checks AS jsonb) WHERE project_id = :p AND stage_number = :s")
			.param("p", projectId)
			.param("s", stage)
			.param("checks", checksJson)
			.update();
	}

	@Transactional
	public void markMerged(UUID projectId, int stage, String mergeCommitId) {
		jdbc.sql("""
				UPDATE pull_requests SET status = 'merged', merge_commit_id = :commit,
				    merged_at = COALESCE(merged_at, now())
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
			.query(ForgeService::pullRequest)
			.optional();
	}

	public List<PullRequest> pullRequests(UUID projectId) {
		return jdbc.sql("SELECT * FROM pull_requests WHERE project_id = :p ORDER BY number")
			.param("p", projectId)
			.query(ForgeService::pullRequest)
			.list();
	}

	private static PullRequest pullRequest(ResultSet rs, int row) throws SQLException {
		Timestamp merged = rs.getTimestamp("merged_at");
		return new PullRequest(rs.getObject("id", UUID.class), rs.getObject("project_id", UUID.class),
				rs.getInt("stage_number"), rs.getInt("number"), rs.getString("title"), rs.getString("branch"),
				rs.getString("head_commit"), rs.getString("status"), rs.getString("url"),
				rs.getString("merge_commit_id"), rs.getTimestamp("created_at").toInstant(),
				merged != null ? merged.toInstant() : null);
	}

	private static void deleteRecursively(Path path) throws IOException {
		if (!Files.exists(path)) {
			return;
		}
		try (var walk = Files.walk(path)) {
			for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
	}


}
