package io.quantapilot.forge.github;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * The GitHub REST operations the platform uses, typed: repositories, pull requests, issues (labels,
 * comments, closing), check runs and commit statuses, merges, branch deletion, releases, and the token's
 * own identity and quota. Request
 * and response fields follow GitHub's published OpenAPI description.
 */
public final class GitHubApi {

	private final GitHubClient client;

	public GitHubApi(GitHubClient client) {
		this.client = client;
	}

	/** The underlying client (rate-limit state). */
	public GitHubClient client() {
		return client;
	}

	/**
	 * A repository.
	 *
	 * @param owner owner login
	 * @param name repository name
	 * @param cloneUrl HTTPS clone URL
	 * @param htmlUrl web page
	 * @param defaultBranch its default branch
	 * @param privateRepository whether it is private
	 */
	public record Repository(String owner, String name, String cloneUrl, String htmlUrl, String defaultBranch,
			boolean privateRepository) {

		static Repository of(JsonNode node) {
			return new Repository(GitHubJson.text(node.path("owner").path("login")), GitHubJson.text(node.path("name")),
					GitHubJson.text(node.path("clone_url")), GitHubJson.text(node.path("html_url")),
					GitHubJson.text(node.path("default_branch"), "main"), node.path("private").asBoolean(false));
		}

	}

	/**
	 * A pull request.
	 *
	 * @param number its number
	 * @param state {@code open} or {@code closed}
	 * @param merged whether it was merged
	 * @param mergeCommitSha the merge (or squash) commit once merged
	 * @param headRef the head branch
	 * @param headSha the head commit
	 * @param baseRef the base branch
	 * @param htmlUrl web page
	 * @param title its title
	 * @param body its description
	 */
	public record PullRequest(int number, String state, boolean merged, String mergeCommitSha, String headRef,
			String headSha, String baseRef, String htmlUrl, String title, String body) {

		static PullRequest of(JsonNode node) {
			// The list endpoint has no "merged" field; merged_at tells the same.
			boolean merged = node.path("merged").asBoolean(false) || !node.path("merged_at").isMissingNode()
					&& !node.path("merged_at").isNull();
			return new PullRequest(node.path("number").asInt(), GitHubJson.text(node.path("state")), merged,
					GitHubJson.text(node.path("merge_commit_sha")), GitHubJson.text(node.path("head").path("ref")),
					GitHubJson.text(node.path("head").path("sha")), GitHubJson.text(node.path("base").path("ref")),
					GitHubJson.text(node.path("html_url")), GitHubJson.text(node.path("title")),
					GitHubJson.text(node.path("body"), ""));
		}

		public boolean open() {
			return "open".equals(state);
		}

	}

	/**
	 * One check on a commit: a check run, or the latest commit status of a context.
	 *
	 * @param kind {@code check_run} or {@code status}
	 * @param id the check run id (0 for a status)
	 * @param name check run name or status context
	 * @param status {@code queued}, {@code in_progress}, {@code completed} … (statuses: {@code completed}
	 * unless pending)
	 * @param conclusion check run conclusion or status state ({@code success}, {@code failure}, …), null
	 * while running
	 * @param detailsUrl where to read more
	 * @param title output title or status description
	 * @param summary output summary
	 * @param text output text
	 * @param app the app behind a check run (e.g. {@code github-actions}), or null
	 */
	public record Check(String kind, long id, String name, String status, String conclusion, String detailsUrl,
			String title, String summary, String text, String app) {

		static Check ofRun(JsonNode node) {
			JsonNode output = node.path("output");
			return new Check("check_run", node.path("id").asLong(), GitHubJson.text(node.path("name")),
					GitHubJson.text(node.path("status")), GitHubJson.text(node.path("conclusion")),
					GitHubJson.text(node.path("details_url"), GitHubJson.text(node.path("html_url"))),
					GitHubJson.text(output.path("title")), GitHubJson.text(output.path("summary")),
					GitHubJson.text(output.path("text")), GitHubJson.text(node.path("app").path("slug")));
		}

		static Check ofStatus(JsonNode node) {
			String state = GitHubJson.text(node.path("state"));
			boolean pending = "pending".equals(state);
			return new Check("status", 0, GitHubJson.text(node.path("context")), pending ? "pending" : "completed",
					pending ? null : state, GitHubJson.text(node.path("target_url")),
					GitHubJson.text(node.path("description")), null, null, null);
		}

	}

	/**
	 * The authenticated token's user and the scopes GitHub reports for it.
	 *
	 * @param login user login
	 * @param type {@code User} or {@code Bot}
	 * @param scopes the classic token's scopes ({@code X-OAuth-Scopes}); empty for fine-grained tokens
	 * and installation tokens, which do not report any
	 * @param scopesReported whether the header was present at all
	 */
	public record User(String login, String type, List<String> scopes, boolean scopesReported) {
	}

	/**
	 * The outcome of a merge request.
	 *
	 * @param merged whether GitHub merged
	 * @param sha the merge commit
	 * @param message GitHub's message
	 */
	public record Merge(boolean merged, String sha, String message) {
	}

	// users and quota

	public User authenticatedUser() {
		GitHubClient.Response response = client.get("/user");
		Optional<String> header = response.header("X-OAuth-Scopes");
		List<String> scopes = header.map(h -> Arrays.stream(h.split(","))
			.map(String::strip)
			.filter(s -> !s.isEmpty())
			.toList()).orElse(List.of());
		return new User(GitHubJson.text(response.body().path("login")), GitHubJson.text(response.body().path("type")),
				scopes, header.isPresent());
	}

	/** The core rate limit as {@code GET /rate_limit} reports it (that call itself is free). */
	public GitHubClient.RateLimit rateLimit() {
		JsonNode core = client.get("/rate_limit").body().path("resources").path("core");
		return new GitHubClient.RateLimit(core.path("limit").asInt(-1), core.path("remaining").asInt(-1),
				java.time.Instant.ofEpochSecond(core.path("reset").asLong(0)));
	}

	// repositories

	public Optional<Repository> repository(String owner, String name) {
		try {
			return Optional.of(Repository.of(client.get("/repos/" + seg(owner) + "/" + seg(name)).body()));
		}
		catch (GitHubException ex) {
			if (ex.status() == 404) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	/**
	 * Creates a repository under an organisation, or under the token's user when {@code organization} is
	 * null; a repository of that name that already exists is returned instead.
	 */
	public Repository createRepository(String organization, String owner, String name, String description,
			boolean privateRepository) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name);
		body.put("description", description);
		body.put("private", privateRepository);
		body.put("has_wiki", false);
		try {
			String path = organization != null ? "/orgs/" + seg(organization) + "/repos" : "/user/repos";
			return Repository.of(client.post(path, body).body());
		}
		catch (GitHubException ex) {
			// 422 "name already exists on this account", or a 5xx after GitHub did create it.
			if (ex.status() == 422 || ex.isTransient()) {
				Optional<Repository> existing = repository(owner, name);
				if (existing.isPresent()) {
					return existing.get();
				}
			}
			throw ex;
		}
	}

	// pull requests

	/** The pull requests whose head is {@code owner:branch}, newest first, any state. */
	public List<PullRequest> pullRequestsForBranch(String owner, String repo, String headOwner, String branch) {
		List<PullRequest> found = new ArrayList<>();
		for (JsonNode node : client.getAll("/repos/" + seg(owner) + "/" + seg(repo) + "/pulls?state=all&per_page=100"
				+ "&head=" + query(headOwner + ":" + branch), null)) {
			PullRequest pr = PullRequest.of(node);
			// The head filter is applied by GitHub; checking again guards against a stand-in or proxy that ignores it.
			if (branch.equals(pr.headRef())) {
				found.add(pr);
			}
		}
		found.sort(Comparator.comparingInt(PullRequest::number).reversed());
		return found;
	}

	public PullRequest createPullRequest(String owner, String repo, String title, String head, String base,
			String body) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("title", title);
		request.put("head", head);
		request.put("base", base);
		request.put("body", body);
		request.put("maintainer_can_modify", false);
		return PullRequest.of(client.post("/repos/" + seg(owner) + "/" + seg(repo) + "/pulls", request).body());
	}

	public PullRequest pullRequest(String owner, String repo, int number) {
		return PullRequest.of(client.get("/repos/" + seg(owner) + "/" + seg(repo) + "/pulls/" + number).body());
	}

	/** Changes title, body and/or state ({@code open}, {@code closed}); null fields stay as they are. */
	public PullRequest updatePullRequest(String owner, String repo, int number, String title, String body,
			String state) {
		Map<String, Object> request = new LinkedHashMap<>();
		if (title != null) {
			request.put("title", title);
		}
		if (body != null) {
			request.put("body", body);
		}
		if (state != null) {
			request.put("state", state);
		}
		return PullRequest.of(
				client.patch("/repos/" + seg(owner) + "/" + seg(repo) + "/pulls/" + number, request).body());
	}

	/** Adds labels to an issue or pull request (they share numbers); labels it has already stay as they are. */
	public void addLabels(String owner, String repo, int number, List<String> labels) {
		if (labels.isEmpty()) {
			return;
		}
		client.post("/repos/" + seg(owner) + "/" + seg(repo) + "/issues/" + number + "/labels",
				Map.of("labels", labels));
	}

	/**
	 * Squash-, merge- or rebase-merges, only if the head is still {@code sha}.
	 * @throws GitHubException 405 when GitHub will not merge (not mergeable, behind a protected base,
	 * checks required), 409 when the head moved
	 */
	public Merge merge(String owner, String repo, int number, String sha, String method, String title,
			String message) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("commit_title", title);
		request.put("commit_message", message);
		request.put("sha", sha);
		request.put("merge_method", method);
		JsonNode body = client.put("/repos/" + seg(owner) + "/" + seg(repo) + "/pulls/" + number + "/merge", request)
			.body();
		return new Merge(body.path("merged").asBoolean(false), GitHubJson.text(body.path("sha")),
				GitHubJson.text(body.path("message"), ""));
	}

	/**
	 * Merges the base branch into the pull request's head on GitHub (the "Update branch" button).
	 * @throws GitHubException 422 when that conflicts or the head is no longer {@code expectedHeadSha}
	 */
	public void updateBranch(String owner, String repo, int number, String expectedHeadSha) {
		client.put("/repos/" + seg(owner) + "/" + seg(repo) + "/pulls/" + number + "/update-branch",
				Map.of("expected_head_sha", expectedHeadSha));
	}

	/** Deletes a branch; one that is already gone counts as deleted. */
	public void deleteBranch(String owner, String repo, String branch) {
		try {
			client.delete("/repos/" + seg(owner) + "/" + seg(repo) + "/git/refs/heads/" + path(branch));
		}
		catch (GitHubException ex) {
			if (ex.status() != 404 && ex.status() != 422) {
				throw ex;
			}
		}
	}

	// issues

	/**
	 * A comment on an issue (or pull request).
	 *
	 * @param id its id
	 * @param htmlUrl web page
	 * @param body its text
	 */
	public record IssueComment(long id, String htmlUrl, String body) {

		static IssueComment of(JsonNode node) {
			return new IssueComment(node.path("id").asLong(), GitHubJson.text(node.path("html_url")),
					GitHubJson.text(node.path("body"), ""));
		}

	}

	/**
	 * An issue.
	 *
	 * @param number its number
	 * @param state {@code open} or {@code closed}
	 * @param title its title
	 * @param labels the names of its labels
	 * @param htmlUrl web page
	 */
	public record Issue(int number, String state, String title, List<String> labels, String htmlUrl) {

		static Issue of(JsonNode node) {
			List<String> labels = new ArrayList<>();
			for (JsonNode label : node.path("labels")) {
				// Labels come as objects; GitHub's schema also allows plain names.
				String name = label.isString() ? label.stringValue() : GitHubJson.text(label.path("name"));
				if (name != null) {
					labels.add(name);
				}
			}
			return new Issue(node.path("number").asInt(), GitHubJson.text(node.path("state")),
					GitHubJson.text(node.path("title")), List.copyOf(labels), GitHubJson.text(node.path("html_url")));
		}

	}

	public Issue issue(String owner, String repo, int number) {
		return Issue.of(client.get("/repos/" + seg(owner) + "/" + seg(repo) + "/issues/" + number).body());
	}

	/** Every comment of an issue, oldest first (all pages). */
	public List<IssueComment> issueComments(String owner, String repo, int number) {
		return client.getAll("/repos/" + seg(owner) + "/" + seg(repo) + "/issues/" + number + "/comments?per_page=100",
				null).stream().map(IssueComment::of).toList();
	}

	public IssueComment createIssueComment(String owner, String repo, int number, String body) {
		return IssueComment.of(client
			.post("/repos/" + seg(owner) + "/" + seg(repo) + "/issues/" + number + "/comments", Map.of("body", body))
			.body());
	}

	/**
	 * Closes an issue with a reason ({@code completed} or {@code not_planned}); closing a closed issue
	 * changes nothing, so a retry may repeat it.
	 */
	public Issue closeIssue(String owner, String repo, int number, String reason) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("state", "closed");
		request.put("state_reason", reason);
		return Issue.of(client.patch("/repos/" + seg(owner) + "/" + seg(repo) + "/issues/" + number, request).body());
	}

	// checks

	/** Every check run on a commit (all pages). */
	public List<Check> checkRuns(String owner, String repo, String sha) {
		return client.getAll("/repos/" + seg(owner) + "/" + seg(repo) + "/commits/" + seg(sha) + "/check-runs?per_page=100",
				"check_runs").stream().map(Check::ofRun).toList();
	}

	/** The latest status of every context on a commit (all pages of the combined status). */
	public List<Check> statuses(String owner, String repo, String sha) {
		return client.getAll("/repos/" + seg(owner) + "/" + seg(repo) + "/commits/" + seg(sha) + "/status?per_page=100",
				"statuses").stream().map(Check::ofStatus).toList();
	}

	/** Sets a commit status ({@code pending}, {@code success}, {@code failure}, {@code error}). */
	public void createStatus(String owner, String repo, String sha, String state, String context,
			String description, String targetUrl) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("state", state);
		request.put("context", context);
		// GitHub refuses descriptions over 140 characters.
		request.put("description", description.length() > 140 ? description.substring(0, 139) + "…" : description);
		if (targetUrl != null) {
			request.put("target_url", targetUrl);
		}
		client.post("/repos/" + seg(owner) + "/" + seg(repo) + "/statuses/" + seg(sha), request);
	}

	/**
	 * The end of a GitHub Actions job's log (a check run of GitHub Actions has the job's id), or empty
	 * when it cannot be read.
	 */
	public Optional<String> jobLogTail(String owner, String repo, long jobId, int maxChars) {
		return client.redirectedText("/repos/" + seg(owner) + "/" + seg(repo) + "/actions/jobs/" + jobId + "/logs")
			.map(log -> log.length() > maxChars ? log.substring(log.length() - maxChars) : log);
	}

	// releases

	public Optional<String> releaseUrl(String owner, String repo, String tag) {
		try {
			return Optional.ofNullable(GitHubJson.text(client
				.get("/repos/" + seg(owner) + "/" + seg(repo) + "/releases/tags/" + seg(tag))
				.body()
				.path("html_url"), ""));
		}
		catch (GitHubException ex) {
			if (ex.status() == 404) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	public String createRelease(String owner, String repo, String tag, String name, String notes) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("tag_name", tag);
		request.put("name", name);
		request.put("body", notes);
		request.put("draft", false);
		request.put("prerelease", false);
		try {
			return GitHubJson.text(
					client.post("/repos/" + seg(owner) + "/" + seg(repo) + "/releases", request).body().path("html_url"),
					"");
		}
		catch (GitHubException ex) {
			// 422 already_exists, or a 5xx after GitHub did create it.
			if (ex.status() == 422 || ex.isTransient()) {
				Optional<String> existing = releaseUrl(owner, repo, tag);
				if (existing.isPresent()) {
					return existing.get();
				}
			}
			throw ex;
		}
	}

	private static String seg(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/** A branch name as URL path: its slashes stay separators, everything else is encoded. */
	private static String path(String branch) {
		return Arrays.stream(branch.split("/", -1)).map(GitHubApi::seg).reduce((a, b) -> a + "/" + b).orElse("");
	}

	private static String query(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
