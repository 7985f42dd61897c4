package io.quantapilot.forge.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.quantapilot.common.PlatformSettings;
import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.forge.ChecksReport;
import io.quantapilot.forge.ForgeProvider;
import io.quantapilot.forge.ForgeSettings;
import io.quantapilot.forge.GitCredentials;
import io.quantapilot.forge.GitOperationException;
import io.quantapilot.forge.LocalForgeUrls;
import io.quantapilot.forge.LocalRepositories;
import io.quantapilot.forge.MergeConflictException;
import io.quantapilot.forge.MergeOutcome;
import io.quantapilot.forge.MergeRequest;
import io.quantapilot.forge.MergeResult;
import io.quantapilot.forge.PlatformCheck;
import io.quantapilot.forge.PullRequestDraft;
import io.quantapilot.forge.RemotePullRequest;
import io.quantapilot.forge.RepositoryRef;
import io.quantapilot.forge.RepositoryRequest;
import io.quantapilot.forge.Workspace;
import io.quantapilot.forge.git.BareRepositories;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The embedded local forge: bare repositories under {@code <data-dir>/repos}, served read-only over
 * HTTP; pull requests are the platform's records, their check is the platform's own test run (already
 * judged by the verify step and, when it failed, by a person), and merges are squash commits made with
 * JGit carrying the stage trailer.
 */
@Component
class LocalForge implements ForgeProvider {

	private final LocalRepositories repositories;

	private final LocalForgeUrls urls;

	private final PlatformSettings platform;

	private final ForgeSettings settings;

	private final JdbcClient jdbc;

	LocalForge(LocalRepositories repositories, LocalForgeUrls urls, PlatformSettings platform,
			ForgeSettings settings, JdbcClient jdbc) {
		this.repositories = repositories;
		this.urls = urls;
		this.platform = platform;
		this.settings = settings;
		this.jdbc = jdbc;
	}

	@Override
	public String id() {
		return "local";
	}

	@Override
	public RepositoryRef repository(RepositoryRequest request) {
		String name = request.name();
		Optional<Path> existing = repositories.find(settings.owner(), name);
		Path bare;
		if (existing.isPresent()) {
			bare = existing.get();
		}
		else if (request.source() != null) {
			// One of our own repositories is copied from disk: over HTTP it would need an API key.
			String source = urls.resolve(request.source()).map(p -> p.toUri().toString()).orElse(request.source());
			bare = mirror(source, request.source(), name);
		}
		else {
			bare = repositories.create(settings.owner(), name);
		}
		return new RepositoryRef(settings.owner(), name, bare.toUri(), urls.cloneUrl(bare, settings.owner(), name));
	}

	private Path mirror(String source, String shownSource, String name) {
		Path target = platform.reposDir().resolve(settings.owner()).resolve(name + ".git");
		Path partial = target.resolveSibling(name + ".git.partial");
		try {
			deleteRecursively(partial);
			Files.createDirectories(partial.getParent());
			BareRepositories.mirror(source, partial);
			Files.move(partial, target);
			return target;
		}
		catch (GitOperationException ex) {
			throw new QuantaPilotException.InvalidRequest("repository_url",
					"cannot clone " + shownSource + ": " + ex.getMessage());
		}
		catch (IOException ex) {
			throw new QuantaPilotException.TransientFailure("cannot copy " + shownSource, ex);
		}
	}

	@Override
	public GitCredentials credentials() {
		return GitCredentials.none();
	}

	@Override
	public RemotePullRequest openPullRequest(RepositoryRef repository, PullRequestDraft draft) {
		return findPullRequest(repository, draft).orElseGet(() -> {
			int number = jdbc.sql("SELECT COALESCE(max(number), 0) + 1 FROM pull_requests WHERE project_id = :p")
				.param("p", draft.projectId())
				.query(Integer.class)
				.single();
			return new RemotePullRequest(number, repository.cloneUrl() + "#pull/" + number, "open", draft.headSha(),
					null);
		});
	}

	@Override
	public Optional<RemotePullRequest> findPullRequest(RepositoryRef repository, PullRequestDraft draft) {
		// The local forge's pull requests are nothing but the platform's records.
		return jdbc.sql("""
				SELECT number, url, status, head_commit, merge_commit_id FROM pull_requests
				WHERE project_id = :p AND stage_number = :s""")
			.param("p", draft.projectId())
			.param("s", draft.stage())
			.query((rs, i) -> new RemotePullRequest(rs.getInt("number"), rs.getString("url"), rs.getString("status"),
					rs.getString("head_commit"), rs.getString("merge_commit_id")))
			.optional();
	}

	@Override
	public void reportCheck(RepositoryRef repository, String sha, PlatformCheck check) {
		// Recorded with the pull request by the forge service; there is nowhere else to publish it.
	}

	@Override
	public ChecksReport checks(RepositoryRef repository, RemotePullRequest pullRequest) {
		if (pullRequest.merged()) {
			return new ChecksReport(ChecksReport.State.MERGED, pullRequest.headSha(), List.of(), "");
		}
		// The platform's test run is the only check here, and the verify step (or a person) judged it.
		return new ChecksReport(ChecksReport.State.SUCCESS, pullRequest.headSha(), List.of(), "");
	}

	@Override
	public MergeOutcome merge(RepositoryRef repository, MergeRequest request, Workspace workspace) {
		try {
			MergeResult result = workspace.squashMergeIntoMain(request.branch(),
					request.title() + "\n\n" + request.message(), request.trailer());
			return MergeOutcome.merged(result.commitId());
		}
		catch (MergeConflictException ex) {
			return new MergeOutcome(MergeOutcome.Kind.CONFLICT, null,
					"merging " + request.branch() + " into main conflicts in " + ex.conflictingPaths());
		}
	}

	@Override
	public String release(RepositoryRef repository, Workspace workspace, String tag, String notes) {
		workspace.checkoutStageBranch(Workspace.MAIN);
		workspace.tag(tag, notes);
		return repository.cloneUrl();
	}

	private static void deleteRecursively(Path path) throws IOException {
		if (!Files.exists(path)) {
			return;
		}
		try (var walk = Files.walk(path)) {
			for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
	}

}
