package io.quantapilot.forge.github;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ThreeWayMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import io.quantapilot.forge.webhooks.WebhookSignature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An HTTP stand-in of the GitHub REST API for tests, with real git behind it: repositories are bare
 * repositories served (push and fetch, token required) by JGit's smart HTTP under {@code /git/}, and
 * their {@code clone_url} points there. Pull requests, check runs, commit statuses, merges (a real squash
 * commit on {@code main}), branch updates, branch deletion and releases behave as GitHub documents them;
 * response bodies start from real payloads in {@code ../shared/fixtures/github} so they carry every field
 * GitHub's OpenAPI description requires.
 * <p>
 * CI is simulated: every new head of a branch gets a check run {@code build} from a {@link Ci} script
 * (queued, then completed after a delay, optionally announced by a signed {@code check_run} webhook).
 * Faults can be injected: a 502 after creating a pull request, a 403 secondary rate limit with
 * {@code Retry-After}, a nearly exhausted primary rate limit, and a small page size that forces
 * pagination.
 */
public final class GitHubStandIn implements AutoCloseable {

	/** What CI does with a new head: its conclusion, after how long, and its output. */
	public record CiRun(String conclusion, long delayMillis, String summary, String log) {
	}

	/** Decides the CI run of a head. */
	@FunctionalInterface
	public interface Ci {

		CiRun run(String repository, String branch, String sha, int runOfBranch);

	}

	/** One request the stand-in received. */
	public record Received(String method, String path, String query, String authorization, String body,
			int status) {
	}

	public static final String TOKEN = "ghp_standInToken0123456789";

	public static final String USER = "qp-bot";

	static final Path FIXTURES = Path.of("..", "shared", "fixtures", "github");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Path root;

	private final Tomcat tomcat;

	private final String base;

	private final JsonNode prTemplate;

	private final JsonNode repoTemplate;

	private final JsonNode userTemplate;

	private final JsonNode checkRunTemplate;

	private final JsonNode issueTemplate;

	private final JsonNode commentTemplate;

	private final Map<String, RepoState> repos = new ConcurrentHashMap<>();

	private final Map<String, List<ObjectNode>> checkRuns = new ConcurrentHashMap<>();

	private final Map<String, List<ObjectNode>> statuses = new ConcurrentHashMap<>();

	private final Map<Long, String> jobLogs = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> branchRuns = new ConcurrentHashMap<>();

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final List<String> storageAuthorizations = new CopyOnWriteArrayList<>();

	private final AtomicLong ids = new AtomicLong(1_000_000);

	private final ScheduledExecutorService ciRunner = Executors.newScheduledThreadPool(1);

	private final Object lock = new Object();

	private volatile Ci ci = (repo, branch, sha, run) -> new CiRun("success", 300, "All good", "ok\n");

	private volatile int pageSize = 100;

	private volatile boolean requireUpToDate;

	private volatile String webhookUrl;

	private volatile String webhookSecret;

	private volatile int rateLimitRemaining = 5000;

	private volatile long rateLimitReset = Instant.now().plusSeconds(3600).getEpochSecond();

	private final Map<String, AtomicInteger> secondaryLimits = new ConcurrentHashMap<>();

	private final AtomicInteger badGatewaysAfterCreatingPulls = new AtomicInteger();

	private volatile CountDownLatch holdPullCreation;

	/** The latch a held pull request creation waits on (holdPullCreation is cleared once it is used). */
	private volatile CountDownLatch heldPullCreation;

	private final CountDownLatch pullCreationHeld = new CountDownLatch(1);

	public GitHubStandIn(Path root) {
		this(root, 0);
	}

	/** Starts the stand-in on a port (0: any free one). */
	public GitHubStandIn(Path root, int port) {
		this.root = root;
		try {
			JsonNode opened = JSON.readTree(Files.readString(FIXTURES.resolve("github-webhooks/pull_request/opened.json")));
			this.prTemplate = opened.path("pull_request");
			this.repoTemplate = opened.path("repository");
			this.userTemplate = opened.path("sender");
			this.checkRunTemplate = JSON.readTree(Files.readString(FIXTURES.resolve("github-webhooks/check_run/completed.json")))
				.path("check_run");
			this.issueTemplate = JSON.readTree(Files.readString(FIXTURES.resolve("github-webhooks/issues/opened.json")))
				.path("issue");
			this.commentTemplate = JSON.readTree(Files.readString(FIXTURES.resolve("github-webhooks/issue_comment/created.json")))
				.path("comment");
			tomcat = new Tomcat();
			tomcat.setBaseDir(Files.createDirectories(root.resolve("tomcat")).toString());
			tomcat.setPort(port);
			tomcat.getConnector().setProperty("address", "127.0.0.1");
			Context context = tomcat.addContext("", Files.createDirectories(root.resolve("docroot")).toString());
			Tomcat.addServlet(context, "api", new ApiServlet());
			context.addServletMappingDecoded("/api/v3/*", "api");
			Tomcat.addServlet(context, "storage", new StorageServlet());
			context.addServletMappingDecoded("/storage/*", "storage");
			GitServlet git = new GitServlet();
			git.setRepositoryResolver((request, name) -> openRepository(name));
			git.setReceivePackFactory((request, repository) -> {
				ReceivePack pack = new ReceivePack(repository);
				String repo = repository.getDirectory().getParentFile().getName() + "/"
						+ repository.getDirectory().getName().replaceAll("\\.git$", "");
				pack.setPostReceiveHook((rp, commands) -> pushed(repo, commands));
				return pack;
			});
			Tomcat.addServlet(context, "git", git);
			context.addServletMappingDecoded("/git/*", "git");
			FilterDef auth = new FilterDef();
			auth.setFilterName("auth");
			auth.setFilter(gitAuth());
			context.addFilterDef(auth);
			FilterMap mapping = new FilterMap();
			mapping.setFilterName("auth");
			mapping.addURLPattern("/git/*");
			context.addFilterMap(mapping);
			tomcat.start();
			base = "http://127.0.0.1:" + tomcat.getConnector().getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (LifecycleException ex) {
			throw new IllegalStateException(ex);
		}
	}

	// --- configuration by the test

	/** The API base URL to configure, GitHub Enterprise style. */
	public String apiUrl() {
		return base + "/api/v3";
	}

	public String baseUrl() {
		return base;
	}

	public GitHubStandIn ci(Ci ci) {
		this.ci = ci;
		return this;
	}

	public GitHubStandIn pageSize(int pageSize) {
		this.pageSize = pageSize;
		return this;
	}

	/** Like branch protection's "require branches to be up to date": a head behind main is not merged (405). */
	public GitHubStandIn requireUpToDate(boolean require) {
		this.requireUpToDate = require;
		return this;
	}

	public GitHubStandIn webhooks(String url, String secret) {
		this.webhookUrl = url;
		this.webhookSecret = secret;
		return this;
	}

	/** The next {@code count} requests whose "METHOD path" starts with {@code prefix} get a 403 secondary rate limit. */
	public GitHubStandIn secondaryLimit(String prefix, int count) {
		secondaryLimits.put(prefix, new AtomicInteger(count));
		return this;
	}

	public GitHubStandIn rateLimit(int remaining, Instant reset) {
		this.rateLimitRemaining = remaining;
		this.rateLimitReset = reset.getEpochSecond();
		return this;
	}

	/** The next {@code count} pull request creations create the pull request and then answer 502. */
	public GitHubStandIn badGatewayAfterCreatingPulls(int count) {
		badGatewaysAfterCreatingPulls.set(count);
		return this;
	}

	/** The next pull request creation creates it and then never answers until {@link #releaseHeldCreation()}. */
	public GitHubStandIn holdNextPullCreation() {
		holdPullCreation = new CountDownLatch(1);
		return this;
	}

	public boolean awaitHeldCreation(Duration timeout) throws InterruptedException {
		return pullCreationHeld.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	public void releaseHeldCreation() {
		for (CountDownLatch latch : new CountDownLatch[] { holdPullCreation, heldPullCreation }) {
			if (latch != null) {
				latch.countDown();
			}
		}
	}

	/** Creates a repository as if someone had created it on GitHub. */
	public Path createRepository(String owner, String name) {
		return repo(owner, name, true).bare;
	}

	/** Creates a branch from main with one commit adding {@code file}, as a push would (CI runs on it). */
	public String createBranch(String repository, String branch, String file, String content) {
		RepoState repo = repos.get(repository);
		try (Repository git = open(repo.bare)) {
			ObjectId main = git.exactRef(Constants.R_HEADS + "main").getObjectId();
			update(git, Constants.R_HEADS + branch, main, null);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return commitOnBranch(repository, branch, file, content);
	}

	/** Commits a file straight onto a branch, as a person pushing from elsewhere would. */
	public String commitOnBranch(String repository, String branch, String file, String content) {
		RepoState repo = repos.get(repository);
		try (Repository git = open(repo.bare); ObjectInserter inserter = git.newObjectInserter();
				RevWalk walk = new RevWalk(git)) {
			Ref ref = git.exactRef(Constants.R_HEADS + branch);
			RevCommit parent = walk.parseCommit(ref.getObjectId());
			org.eclipse.jgit.dircache.DirCache index = org.eclipse.jgit.dircache.DirCache.newInCore();
			org.eclipse.jgit.dircache.DirCacheBuilder builder = index.builder();
			builder.addTree(new byte[0], 0, walk.getObjectReader(), parent.getTree());
			builder.finish();
			org.eclipse.jgit.dircache.DirCacheEditor editor = index.editor();
			ObjectId blob = inserter.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8));
			editor.add(new org.eclipse.jgit.dircache.DirCacheEditor.PathEdit(file) {

				@Override
				public void apply(org.eclipse.jgit.dircache.DirCacheEntry entry) {
					entry.setFileMode(org.eclipse.jgit.lib.FileMode.REGULAR_FILE);
					entry.setObjectId(blob);
				}

			});
			editor.finish();
			ObjectId tree = index.writeTree(inserter);
			ObjectId commit = commit(inserter, tree, "chore: change " + file + " outside QuantaPilot", parent);
			update(git, Constants.R_HEADS + branch, commit, parent);
			synchronized (lock) {
				headMoved(repo, branch, commit.name());
			}
			return commit.name();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Opens an issue as a person would, with labels; returns it as GitHub's issue object (what an
	 * {@code issues} webhook carries).
	 */
	public ObjectNode openIssue(String repository, String title, String body, String... labels) {
		RepoState repo = repos.get(repository);
		synchronized (lock) {
			int number = repo.nextNumber++;
			ObjectNode issue = (ObjectNode) issueTemplate.deepCopy();
			long id = ids.incrementAndGet();
			String url = apiUrl() + "/repos/" + repo.fullName() + "/issues/" + number;
			issue.put("id", id);
			issue.put("node_id", "I_" + id);
			issue.put("number", number);
			issue.put("url", url);
			issue.put("repository_url", apiUrl() + "/repos/" + repo.fullName());
			issue.put("labels_url", url + "/labels{/name}");
			issue.put("comments_url", url + "/comments");
			issue.put("events_url", url + "/events");
			issue.put("html_url", base + "/" + repo.fullName() + "/issues/" + number);
			issue.put("title", title);
			issue.put("body", body);
			issue.put("state", "open");
			issue.putNull("state_reason");
			issue.put("comments", 0);
			issue.put("created_at", now());
			issue.put("updated_at", now());
			issue.putNull("closed_at");
			issue.putNull("milestone");
			issue.set("user", user("someone"));
			ArrayNode labelNodes = issue.putArray("labels");
			for (String label : labels) {
				labelNodes.add(label(repo, label));
			}
			repo.issues.add(issue);
			return issue.deepCopy();
		}
	}

	/** A label as GitHub shows it on an issue. */
	public ObjectNode label(String repository, String name) {
		return label(repos.get(repository), name);
	}

	private ObjectNode label(RepoState repo, String name) {
		return JSON.createObjectNode().put("id", ids.incrementAndGet()).put("node_id", "LA_" + ids.get())
			.put("url", apiUrl() + "/repos/" + repo.fullName() + "/labels/" + name)
			.put("name", name).put("description", "set by QuantaPilot").put("color", "ededed")
			.put("default", false);
	}

	public List<ObjectNode> issues(String repository) {
		synchronized (lock) {
			return repos.get(repository).issues.stream().map(ObjectNode::deepCopy).toList();
		}
	}

	/** The comments on an issue or pull request, oldest first. */
	public List<ObjectNode> comments(String repository, int number) {
		synchronized (lock) {
			return repos.get(repository).comments.getOrDefault(number, List.of()).stream().map(ObjectNode::deepCopy)
				.toList();
		}
	}

	// --- what the test inspects

	public List<Received> received() {
		return List.copyOf(received);
	}

	public long count(String method, String pathPattern) {
		return received.stream().filter(r -> r.method().equals(method) && r.path().matches(pathPattern)).count();
	}

	/** The pull requests of a repository, as JSON. */
	public List<ObjectNode> pulls(String repository) {
		synchronized (lock) {
			return List.copyOf(repos.get(repository).pulls);
		}
	}

	public List<String> branches(String repository) {
		try (Repository git = open(repos.get(repository).bare)) {
			return git.getRefDatabase()
				.getRefsByPrefix(Constants.R_HEADS)
				.stream()
				.map(r -> r.getName().substring(Constants.R_HEADS.length()))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	RepoState repoState(String repository) {
		return repos.get(repository);
	}

	public Path bare(String repository) {
		return repos.get(repository).bare;
	}

	public String cloneUrl(String repository) {
		return base + "/git/" + repository + ".git";
	}

	public List<ObjectNode> releases(String repository) {
		return List.copyOf(repos.get(repository).releases);
	}

	public Collection<String> repositories() {
		return repos.keySet();
	}

	/** The Authorization headers sent to the job-log storage (must be none). */
	public List<String> storageAuthorizations() {
		return List.copyOf(storageAuthorizations);
	}

	@Override
	public void close() {
		ciRunner.shutdownNow();
		releaseHeldCreation();
		try {
			tomcat.stop();
			tomcat.destroy();
		}
		catch (LifecycleException ex) {
			throw new IllegalStateException(ex);
		}
	}

	// --- the REST API

	private final class ApiServlet extends HttpServlet {

		@Override
		protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
			String method = request.getMethod();
			String path = request.getRequestURI().substring("/api/v3".length());
			String query = request.getQueryString();
			String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			String authorization = request.getHeader("Authorization");
			Reply reply;
			try {
				reply = handle(method, path, query, body, authorization, request);
			}
			catch (RuntimeException ex) {
				reply = Reply.error(500, ex.toString());
			}
			if (reply.hold != null) {
				try {
					// The caller dies waiting for this answer (the test kills it meanwhile).
					reply.hold.await(5, TimeUnit.MINUTES);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			received.add(new Received(method, path, query, authorization, body, reply.status));
			int remaining = rateLimitRemaining;
			response.setHeader("X-RateLimit-Limit", "5000");
			response.setHeader("X-RateLimit-Remaining", Integer.toString(Math.max(0, remaining)));
			response.setHeader("X-RateLimit-Reset", Long.toString(rateLimitReset));
			response.setHeader("X-RateLimit-Used", Integer.toString(5000 - Math.max(0, remaining)));
			response.setHeader("X-RateLimit-Resource", "core");
			reply.headers.forEach(response::setHeader);
			if (reply.status != 304 && reply.body != null && "GET".equals(method)) {
				String etag = "W/\"" + sha256(reply.body) + "\"";
				response.setHeader("ETag", etag);
				if (etag.equals(request.getHeader("If-None-Match"))) {
					reply = new Reply(304, null, Map.of());
					received.set(received.size() - 1, new Received(method, path, query, authorization, body, 304));
				}
			}
			if (reply.status != 304 && rateLimitRemaining > 0) {
				rateLimitRemaining--;
			}
			response.setStatus(reply.status);
			if (reply.body != null && reply.status != 304) {
				response.setContentType("application/json; charset=utf-8");
				response.getOutputStream().write(reply.body.getBytes(StandardCharsets.UTF_8));
			}
		}

	}

	private record Reply(int status, String body, Map<String, String> headers, CountDownLatch hold) {

		Reply(int status, String body, Map<String, String> headers) {
			this(status, body, headers, null);
		}

		static Reply json(int status, JsonNode body) {
			return new Reply(status, JSON.writeValueAsString(body), Map.of());
		}

		static Reply error(int status, String message) {
			ObjectNode body = JSON.createObjectNode();
			body.put("message", message);
			body.put("documentation_url", "https://docs.github.com/rest");
			body.put("status", Integer.toString(status));
			return new Reply(status, JSON.writeValueAsString(body), Map.of());
		}

	}

	private static final Pattern REPO = Pattern.compile("/repos/([^/]+)/([^/]+)(/.*)?");

	private Reply handle(String method, String path, String query, String body, String authorization,
			HttpServletRequest request) {
		if (!("Bearer " + TOKEN).equals(authorization)) {
			return Reply.error(401, "Bad credentials");
		}
		for (Map.Entry<String, AtomicInteger> limit : secondaryLimits.entrySet()) {
			if ((method + " " + path).startsWith(limit.getKey()) && limit.getValue().getAndDecrement() > 0) {
				return new Reply(403, JSON.writeValueAsString(JSON.createObjectNode()
					.put("message", "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.")
					.put("documentation_url", "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api")),
						Map.of("Retry-After", "1"));
			}
		}
		if (rateLimitRemaining <= 0 && Instant.now().getEpochSecond() < rateLimitReset) {
			return Reply.error(403, "API rate limit exceeded for user ID 1.");
		}
		if (rateLimitRemaining <= 0) {
			rateLimitRemaining = 5000;
			rateLimitReset = Instant.now().plusSeconds(3600).getEpochSecond();
		}
		Map<String, String> params = params(query);
		JsonNode input = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
		if (method.equals("GET") && path.equals("/user")) {
			// The authenticated user is a private-user: the simple user plus profile and plan figures.
			ObjectNode me = user(USER);
			me.put("name", "QuantaPilot bot").putNull("company").put("blog", "").putNull("location").putNull("email")
				.putNull("hireable").putNull("bio").put("public_repos", repos.size()).put("public_gists", 0)
				.put("followers", 0).put("following", 0).put("created_at", "2024-01-01T00:00:00Z")
				.put("updated_at", "2024-01-01T00:00:00Z").put("private_gists", 0).put("total_private_repos", 0)
				.put("owned_private_repos", 0).put("disk_usage", 0).put("collaborators", 0)
				.put("two_factor_authentication", true);
			return new Reply(200, JSON.writeValueAsString(me), Map.of("X-OAuth-Scopes", "repo, workflow"));
		}
		if (method.equals("GET") && path.equals("/rate_limit")) {
			ObjectNode core = JSON.createObjectNode().put("limit", 5000).put("remaining", rateLimitRemaining)
				.put("reset", rateLimitReset).put("used", 5000 - rateLimitRemaining);
			ObjectNode reply = JSON.createObjectNode();
			ObjectNode resources = reply.putObject("resources");
			resources.set("core", core);
			resources.set("search", JSON.createObjectNode().put("limit", 30).put("remaining", 30)
				.put("reset", rateLimitReset).put("used", 0));
			reply.set("rate", core);
			return Reply.json(200, reply);
		}
		if (method.equals("POST") && (path.equals("/user/repos") || path.matches("/orgs/[^/]+/repos"))) {
			String owner = path.equals("/user/repos") ? USER : path.split("/")[2];
			String name = input.path("name").asString();
			if (repos.containsKey(owner + "/" + name)) {
				return new Reply(422, "{\"message\":\"Repository creation failed.\",\"errors\":[{\"resource\":\"Repository\",\"code\":\"custom\",\"field\":\"name\",\"message\":\"name already exists on this account\"}]}", Map.of());
			}
			RepoState repo = repo(owner, name, false);
			repo.isPrivate = input.path("private").asBoolean(false);
			return Reply.json(201, repositoryJson(repo));
		}
		Matcher matcher = REPO.matcher(path);
		if (!matcher.matches()) {
			return Reply.error(404, "Not Found");
		}
		RepoState repo = repos.get(matcher.group(1) + "/" + matcher.group(2));
		if (repo == null) {
			return Reply.error(404, "Not Found");
		}
		String rest = matcher.group(3) != null ? matcher.group(3) : "";
		synchronized (lock) {
			return repoRequest(repo, method, rest, params, input, request);
		}
	}

	private Reply repoRequest(RepoState repo, String method, String rest, Map<String, String> params, JsonNode input,
			HttpServletRequest request) {
		String route = method + " " + rest.replaceAll("/\\d+", "/{n}");
		if (route.equals("GET ")) {
			return Reply.json(200, repositoryJson(repo));
		}
		if (route.equals("GET /pulls")) {
			String state = params.getOrDefault("state", "open");
			String head = params.get("head");
			List<JsonNode> matching = repo.pulls.stream()
				.filter(pr -> state.equals("all") || state.equals(pr.path("state").asString()))
				.filter(pr -> head == null || head.equals(pr.path("head").path("label").asString()))
				.map(pr -> (JsonNode) simplePull(pr))
				.toList();
			return page(matching, params, "/repos/" + repo.fullName() + "/pulls", null);
		}
		if (route.equals("POST /pulls")) {
			return createPull(repo, input);
		}
		if (route.equals("GET /pulls/{n}")) {
			return pull(repo, rest).map(pr -> Reply.json(200, pr)).orElse(Reply.error(404, "Not Found"));
		}
		if (route.equals("PATCH /pulls/{n}")) {
			Optional<ObjectNode> found = pull(repo, rest);
			if (found.isEmpty()) {
				return Reply.error(404, "Not Found");
			}
			ObjectNode pr = found.get();
			for (String field : List.of("title", "body")) {
				if (input.has(field)) {
					pr.put(field, input.path(field).asString());
				}
			}
			if (input.has("state") && !pr.path("merged").asBoolean()) {
				pr.put("state", input.path("state").asString());
				pr.set("closed_at", "closed".equals(input.path("state").asString())
						? JSON.getNodeFactory().stringNode(now()) : JSON.getNodeFactory().nullNode());
			}
			pr.put("updated_at", now());
			return Reply.json(200, pr);
		}
		if (route.equals("PUT /pulls/{n}/merge")) {
			return merge(repo, pull(repo, rest).orElse(null), input);
		}
		if (route.equals("PUT /pulls/{n}/update-branch")) {
			return updateBranch(repo, pull(repo, rest).orElse(null), input);
		}
		if (route.equals("POST /issues/{n}/labels")) {
			// Pull requests are issues too: labels go on either.
			Optional<ObjectNode> found = pull(repo, rest).or(() -> issue(repo, rest));
			if (found.isEmpty()) {
				return Reply.error(404, "Not Found");
			}
			ArrayNode labels = (ArrayNode) found.get().path("labels");
			for (JsonNode name : input.path("labels")) {
				boolean present = false;
				for (JsonNode label : labels) {
					present |= label.path("name").asString().equals(name.asString());
				}
				if (!present) {
					labels.add(label(repo, name.asString()));
				}
			}
			return Reply.json(200, labels);
		}
		if (route.equals("GET /issues/{n}")) {
			return issue(repo, rest).map(issue -> Reply.json(200, issue)).orElse(Reply.error(404, "Not Found"));
		}
		if (route.equals("PATCH /issues/{n}")) {
			Optional<ObjectNode> found = issue(repo, rest);
			if (found.isEmpty()) {
				return Reply.error(404, "Not Found");
			}
			ObjectNode issue = found.get();
			for (String field : List.of("title", "body")) {
				if (input.has(field)) {
					issue.put(field, input.path(field).asString());
				}
			}
			if (input.has("state")) {
				String state = input.path("state").asString();
				if (!List.of("open", "closed").contains(state)) {
					return new Reply(422, "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"Issue\",\"field\":\"state\",\"code\":\"invalid\"}]}", Map.of());
				}
				boolean wasOpen = "open".equals(issue.path("state").asString());
				issue.put("state", state);
				if ("closed".equals(state) && wasOpen) {
					issue.put("closed_at", now());
				}
				else if ("open".equals(state)) {
					issue.putNull("closed_at");
				}
				issue.put("state_reason", "closed".equals(state) ? input.path("state_reason").asString("completed")
						: "reopened");
			}
			issue.put("updated_at", now());
			return Reply.json(200, issue);
		}
		if (route.equals("GET /issues/{n}/comments")) {
			int number = Integer.parseInt(rest.split("/")[2]);
			if (issue(repo, rest).isEmpty() && pull(repo, rest).isEmpty()) {
				return Reply.error(404, "Not Found");
			}
			List<JsonNode> comments = new ArrayList<>(repo.comments.getOrDefault(number, List.of()));
			return page(comments, params, "/repos/" + repo.fullName() + "/issues/" + number + "/comments", null);
		}
		if (route.equals("POST /issues/{n}/comments")) {
			int number = Integer.parseInt(rest.split("/")[2]);
			Optional<ObjectNode> issue = issue(repo, rest).or(() -> pull(repo, rest));
			if (issue.isEmpty()) {
				return Reply.error(404, "Not Found");
			}
			if (!input.path("body").isString() || input.path("body").asString().isEmpty()) {
				return new Reply(422, "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"IssueComment\",\"field\":\"body\",\"code\":\"missing_field\"}]}", Map.of());
			}
			ObjectNode comment = (ObjectNode) commentTemplate.deepCopy();
			long id = ids.incrementAndGet();
			comment.put("id", id);
			comment.put("node_id", "IC_" + id);
			comment.put("url", apiUrl() + "/repos/" + repo.fullName() + "/issues/comments/" + id);
			comment.put("html_url", issue.get().path("html_url").asString() + "#issuecomment-" + id);
			comment.put("issue_url", apiUrl() + "/repos/" + repo.fullName() + "/issues/" + number);
			comment.put("body", input.path("body").asString());
			comment.put("created_at", now());
			comment.put("updated_at", now());
			comment.set("user", user(USER));
			comment.put("author_association", "OWNER");
			repo.comments.computeIfAbsent(number, n -> new CopyOnWriteArrayList<>()).add(comment);
			issue.get().put("comments", repo.comments.get(number).size());
			return Reply.json(201, comment);
		}
		if (route.matches("GET /commits/[^/]+/check-runs")) {
			String sha = rest.split("/")[2];
			List<JsonNode> runs = new ArrayList<>(checkRuns.getOrDefault(repo.fullName() + "@" + sha, List.of()));
			return page(runs, params, "/repos/" + repo.fullName() + "/commits/" + sha + "/check-runs", "check_runs");
		}
		if (route.matches("GET /commits/[^/]+/status")) {
			String sha = rest.split("/")[2];
			return combinedStatus(repo, sha, params);
		}
		if (route.matches("POST /statuses/[^/]+")) {
			String sha = rest.split("/")[2];
			ObjectNode status = status(repo, input.path("state").asString(), input.path("context").asString("default"),
					input.path("description").asString(null), input.path("target_url").asString(null));
			statuses.computeIfAbsent(repo.fullName() + "@" + sha, k -> new CopyOnWriteArrayList<>()).add(0, status);
			return Reply.json(201, status);
		}
		if (route.matches("GET /actions/jobs/\\{n\\}/logs")) {
			long id = Long.parseLong(rest.split("/")[3]);
			return jobLogs.containsKey(id) ? new Reply(302, null, Map.of("Location", base + "/storage/logs/" + id))
					: Reply.error(404, "Not Found");
		}
		if (method.equals("DELETE") && rest.startsWith("/git/refs/heads/")) {
			String branch = URLDecoder.decode(rest.substring("/git/refs/heads/".length()), StandardCharsets.UTF_8);
			try (Repository git = open(repo.bare)) {
				Ref ref = git.exactRef(Constants.R_HEADS + branch);
				if (ref == null) {
					return new Reply(422, "{\"message\":\"Reference does not exist\"}", Map.of());
				}
				RefUpdate update = git.updateRef(ref.getName());
				update.setForceUpdate(true);
				update.delete();
				return new Reply(204, null, Map.of());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		if (method.equals("GET") && rest.startsWith("/releases/tags/")) {
			String tag = rest.substring("/releases/tags/".length());
			return repo.releases.stream()
				.filter(r -> r.path("tag_name").asString().equals(tag))
				.findFirst()
				.map(r -> Reply.json(200, r))
				.orElse(Reply.error(404, "Not Found"));
		}
		if (route.equals("POST /releases")) {
			String tag = input.path("tag_name").asString();
			if (repo.releases.stream().anyMatch(r -> r.path("tag_name").asString().equals(tag))) {
				return new Reply(422, "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"Release\",\"code\":\"already_exists\",\"field\":\"tag_name\"}]}", Map.of());
			}
			ObjectNode release = release(repo, tag, input.path("name").asString(tag), input.path("body").asString(""));
			repo.releases.add(release);
			return Reply.json(201, release);
		}
		return Reply.error(404, "Not Found");
	}

	private Reply createPull(RepoState repo, JsonNode input) {
		String head = input.path("head").asString();
		String branch = head.contains(":") ? head.substring(head.indexOf(':') + 1) : head;
		String baseBranch = input.path("base").asString("main");
		String headSha = refSha(repo, branch);
		String baseSha = refSha(repo, baseBranch);
		if (headSha == null || baseSha == null) {
			return new Reply(422, "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"PullRequest\",\"field\":\"head\",\"code\":\"invalid\"}]}", Map.of());
		}
		boolean open = repo.pulls.stream()
			.anyMatch(pr -> pr.path("head").path("ref").asString().equals(branch) && "open".equals(pr.path("state").asString()));
		if (open) {
			return new Reply(422, "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"PullRequest\",\"code\":\"custom\",\"message\":\"A pull request already exists for " + repo.owner + ":" + branch + ".\"}]}", Map.of());
		}
		int number = repo.nextNumber++;
		ObjectNode pr = (ObjectNode) prTemplate.deepCopy();
		long id = ids.incrementAndGet();
		String url = apiUrl() + "/repos/" + repo.fullName() + "/pulls/" + number;
		pr.put("id", id);
		pr.put("node_id", "PR_" + id);
		pr.put("number", number);
		pr.put("url", url);
		pr.put("html_url", base + "/" + repo.fullName() + "/pull/" + number);
		pr.put("title", input.path("title").asString());
		pr.put("body", input.path("body").asString(""));
		pr.put("state", "open");
		pr.put("merged", false);
		pr.putNull("merged_at");
		pr.putNull("closed_at");
		pr.putNull("merge_commit_sha");
		pr.putNull("merged_by");
		pr.putNull("auto_merge");
		pr.put("draft", false);
		pr.put("created_at", now());
		pr.put("updated_at", now());
		pr.set("labels", JSON.createArrayNode());
		pr.set("user", user(USER));
		pr.set("head", side(repo, branch, headSha));
		pr.set("base", side(repo, baseBranch, baseSha));
		repo.pulls.add(pr);
		// GitHub runs CI on the head of a new pull request if it did not already.
		startCi(repo, branch, headSha);
		if (badGatewaysAfterCreatingPulls.getAndDecrement() > 0) {
			return Reply.error(502, "Server Error");
		}
		CountDownLatch hold = holdPullCreation;
		if (hold != null) {
			// Created, but the answer is held back (outside the lock) until the test releases it.
			holdPullCreation = null;
			heldPullCreation = hold;
			pullCreationHeld.countDown();
			return new Reply(201, JSON.writeValueAsString(pr), Map.of(), hold);
		}
		return Reply.json(201, pr);
	}

	private Reply merge(RepoState repo, ObjectNode pr, JsonNode input) {
		if (pr == null) {
			return Reply.error(404, "Not Found");
		}
		if (!"open".equals(pr.path("state").asString())) {
			return Reply.error(405, "Pull Request is not mergeable");
		}
		String branch = pr.path("head").path("ref").asString();
		String headSha = refSha(repo, branch);
		if (input.has("sha") && !input.path("sha").asString().equals(headSha)) {
			return Reply.error(409, "Head branch was modified. Review and try the merge again.");
		}
		try (Repository git = open(repo.bare); ObjectInserter inserter = git.newObjectInserter();
				RevWalk walk = new RevWalk(git)) {
			RevCommit head = walk.parseCommit(ObjectId.fromString(headSha));
			RevCommit main = walk.parseCommit(git.exactRef(Constants.R_HEADS + "main").getObjectId());
			if (requireUpToDate && !walk.isMergedInto(main, head)) {
				return Reply.error(405, "Head branch is out of date. Review and try the merge again.");
			}
			ThreeWayMerger merger = MergeStrategy.RECURSIVE.newMerger(git, true);
			if (!merger.merge(main, head)) {
				return Reply.error(405, "Pull Request is not mergeable");
			}
			String message = input.path("commit_title").asString(pr.path("title").asString() + " (#" + pr.path("number").asInt() + ")")
					+ "\n\n" + input.path("commit_message").asString("");
			ObjectId commit = commit(inserter, merger.getResultTreeId(), message, main);
			update(git, Constants.R_HEADS + "main", commit, main);
			pr.put("state", "closed");
			pr.put("merged", true);
			pr.put("merged_at", now());
			pr.put("closed_at", now());
			pr.put("merge_commit_sha", commit.name());
			pr.set("merged_by", user(USER));
			ObjectNode result = JSON.createObjectNode().put("sha", commit.name()).put("merged", true)
				.put("message", "Pull Request successfully merged");
			return Reply.json(200, result);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Reply updateBranch(RepoState repo, ObjectNode pr, JsonNode input) {
		if (pr == null) {
			return Reply.error(404, "Not Found");
		}
		String branch = pr.path("head").path("ref").asString();
		String headSha = refSha(repo, branch);
		if (input.has("expected_head_sha") && !input.path("expected_head_sha").asString().equals(headSha)) {
			return Reply.error(422, "expected_head_sha does not match the pull request's head");
		}
		try (Repository git = open(repo.bare); ObjectInserter inserter = git.newObjectInserter();
				RevWalk walk = new RevWalk(git)) {
			RevCommit head = walk.parseCommit(ObjectId.fromString(headSha));
			RevCommit main = walk.parseCommit(git.exactRef(Constants.R_HEADS + "main").getObjectId());
			if (walk.isMergedInto(main, head)) {
				return Reply.error(422, "There are no new commits on the base branch.");
			}
			ThreeWayMerger merger = MergeStrategy.RECURSIVE.newMerger(git, true);
			if (!merger.merge(head, main)) {
				return Reply.error(422, "merge conflict between base and head");
			}
			ObjectId commit = commit(inserter, merger.getResultTreeId(), "Merge branch 'main' into " + branch, head,
					main);
			update(git, Constants.R_HEADS + branch, commit, head);
			headMoved(repo, branch, commit.name());
			return Reply.json(202, JSON.createObjectNode().put("message", "Updating pull request branch.")
				.put("url", base + "/" + repo.fullName() + "/pull/" + pr.path("number").asInt()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Reply combinedStatus(RepoState repo, String sha, Map<String, String> params) {
		List<ObjectNode> all = statuses.getOrDefault(repo.fullName() + "@" + sha, List.of());
		// Latest status per context, newest first, as GitHub combines them.
		Map<String, ObjectNode> latest = new LinkedHashMap<>();
		for (ObjectNode status : all) {
			latest.putIfAbsent(status.path("context").asString(), status);
		}
		String state = latest.isEmpty() ? "pending"
				: latest.values().stream().anyMatch(s -> List.of("failure", "error").contains(s.path("state").asString()))
						? "failure"
						: latest.values().stream().anyMatch(s -> "pending".equals(s.path("state").asString())) ? "pending"
								: "success";
		List<JsonNode> items = new ArrayList<>(latest.values());
		int size = Math.min(pageSize, Integer.parseInt(params.getOrDefault("per_page", "30")));
		int page = Integer.parseInt(params.getOrDefault("page", "1"));
		ObjectNode body = JSON.createObjectNode();
		body.put("state", state);
		ArrayNode array = body.putArray("statuses");
		items.stream().skip((long) (page - 1) * size).limit(size).forEach(array::add);
		body.put("sha", sha);
		body.put("total_count", items.size());
		body.set("repository", repositoryJson(repo));
		body.put("commit_url", apiUrl() + "/repos/" + repo.fullName() + "/commits/" + sha);
		body.put("url", apiUrl() + "/repos/" + repo.fullName() + "/commits/" + sha + "/status");
		Map<String, String> headers = new LinkedHashMap<>();
		if ((long) page * size < items.size()) {
			headers.put("Link", "<" + apiUrl() + "/repos/" + repo.fullName() + "/commits/" + sha + "/status?per_page="
					+ size + "&page=" + (page + 1) + ">; rel=\"next\"");
		}
		return new Reply(200, JSON.writeValueAsString(body), headers);
	}

	private Reply page(List<JsonNode> items, Map<String, String> params, String path, String field) {
		int size = Math.min(pageSize, Integer.parseInt(params.getOrDefault("per_page", "30")));
		int page = Integer.parseInt(params.getOrDefault("page", "1"));
		ArrayNode array = JSON.createArrayNode();
		items.stream().skip((long) (page - 1) * size).limit(size).forEach(array::add);
		Map<String, String> headers = new LinkedHashMap<>();
		if ((long) page * size < items.size()) {
			StringBuilder next = new StringBuilder(apiUrl()).append(path).append('?');
			params.forEach((k, v) -> {
				if (!k.equals("page")) {
					next.append(k).append('=').append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&');
				}
			});
			next.append("page=").append(page + 1);
			headers.put("Link", "<" + next + ">; rel=\"next\", <" + apiUrl() + path + "?page=" + ((items.size() + size - 1) / size)
					+ ">; rel=\"last\"");
		}
		JsonNode body = array;
		if (field != null) {
			ObjectNode wrapper = JSON.createObjectNode();
			wrapper.put("total_count", items.size());
			wrapper.set(field, array);
			body = wrapper;
		}
		return new Reply(200, JSON.writeValueAsString(body), headers);
	}

	// --- CI

	private void pushed(String repository, Collection<ReceiveCommand> commands) {
		RepoState repo = repos.get(repository);
		for (ReceiveCommand command : commands) {
			if (command.getResult() != ReceiveCommand.Result.OK || !command.getRefName().startsWith(Constants.R_HEADS)
					|| command.getType() == ReceiveCommand.Type.DELETE) {
				continue;
			}
			String branch = command.getRefName().substring(Constants.R_HEADS.length());
			synchronized (lock) {
				headMoved(repo, branch, command.getNewId().name());
			}
		}
	}

	/** A branch got a new head: pull requests on it follow, and CI runs (not on main). */
	private void headMoved(RepoState repo, String branch, String sha) {
		for (ObjectNode pr : repo.pulls) {
			if (pr.path("head").path("ref").asString().equals(branch) && "open".equals(pr.path("state").asString())) {
				((ObjectNode) pr.path("head")).put("sha", sha);
				pr.put("updated_at", now());
			}
		}
		if (!"main".equals(branch)) {
			startCi(repo, branch, sha);
		}
	}

	private void startCi(RepoState repo, String branch, String sha) {
		String key = repo.fullName() + "@" + sha;
		if (checkRuns.containsKey(key)) {
			return;
		}
		int run = branchRuns.computeIfAbsent(repo.fullName() + ":" + branch, k -> new AtomicInteger()).incrementAndGet();
		CiRun outcome = ci.run(repo.fullName(), branch, sha, run);
		ObjectNode checkRun = (ObjectNode) checkRunTemplate.deepCopy();
		long id = ids.incrementAndGet();
		checkRun.put("id", id);
		checkRun.put("node_id", "CR_" + id);
		checkRun.put("head_sha", sha);
		checkRun.put("name", "build");
		checkRun.put("external_id", "");
		checkRun.put("status", "in_progress");
		checkRun.putNull("conclusion");
		checkRun.put("started_at", now());
		checkRun.putNull("completed_at");
		checkRun.put("url", apiUrl() + "/repos/" + repo.fullName() + "/check-runs/" + id);
		checkRun.put("html_url", base + "/" + repo.fullName() + "/runs/" + id);
		checkRun.put("details_url", base + "/" + repo.fullName() + "/runs/" + id);
		((ObjectNode) checkRun.path("app")).put("slug", "github-actions");
		((ObjectNode) checkRun.path("output")).putNull("title");
		((ObjectNode) checkRun.path("output")).putNull("summary");
		((ObjectNode) checkRun.path("output")).putNull("text");
		ArrayNode pulls = checkRun.putArray("pull_requests");
		for (ObjectNode pr : repo.pulls) {
			if (pr.path("head").path("ref").asString().equals(branch) && "open".equals(pr.path("state").asString())) {
				ObjectNode ref = pulls.addObject();
				ref.put("url", pr.path("url").asString()).put("id", pr.path("id").asLong()).put("number", pr.path("number").asInt());
				ref.putObject("head").put("ref", branch).put("sha", sha).putObject("repo").put("id", repo.id)
					.put("url", apiUrl() + "/repos/" + repo.fullName()).put("name", repo.name);
				ref.putObject("base").put("ref", "main").put("sha", sha).putObject("repo").put("id", repo.id)
					.put("url", apiUrl() + "/repos/" + repo.fullName()).put("name", repo.name);
			}
		}
		ObjectNode suite = (ObjectNode) checkRun.path("check_suite");
		suite.put("head_branch", branch);
		suite.put("head_sha", sha);
		checkRuns.put(key, new CopyOnWriteArrayList<>(List.of(checkRun)));
		jobLogs.put(id, outcome.log() != null ? outcome.log() : "");
		ciRunner.schedule(() -> completeCi(repo, checkRun, outcome), outcome.delayMillis(), TimeUnit.MILLISECONDS);
	}

	private void completeCi(RepoState repo, ObjectNode checkRun, CiRun outcome) {
		synchronized (lock) {
			checkRun.put("status", "completed");
			checkRun.put("conclusion", outcome.conclusion());
			checkRun.put("completed_at", now());
			((ObjectNode) checkRun.path("output")).put("title", "build " + outcome.conclusion());
			((ObjectNode) checkRun.path("output")).put("summary", outcome.summary());
		}
		if (webhookUrl != null) {
			ObjectNode payload = JSON.createObjectNode();
			payload.put("action", "completed");
			payload.set("check_run", checkRun.deepCopy());
			payload.set("repository", repositoryJson(repo));
			payload.set("sender", user(USER));
			deliver("check_run", payload);
		}
	}

	/** Sends a signed webhook delivery to the configured URL; returns the response status. */
	public int deliver(String event, JsonNode payload) {
		return deliver(event, UUID.randomUUID().toString(), JSON.writeValueAsBytes(payload));
	}

	public int deliver(String event, String delivery, byte[] body) {
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(webhookUrl))
					.header("Content-Type", "application/json")
					.header("User-Agent", "GitHub-Hookshot/stand-in")
					.header("X-GitHub-Event", event)
					.header("X-GitHub-Delivery", delivery)
					.header("X-Hub-Signature-256", WebhookSignature.sign(webhookSecret, body))
					.POST(HttpRequest.BodyPublishers.ofByteArray(body))
					.build(), HttpResponse.BodyHandlers.ofString());
			return response.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	// --- JSON of GitHub's objects

	ObjectNode repositoryJson(RepoState repo) {
		ObjectNode json = (ObjectNode) repoTemplate.deepCopy();
		String api = apiUrl() + "/repos/" + repo.fullName();
		json.put("id", repo.id);
		json.put("node_id", "R_" + repo.id);
		json.put("name", repo.name);
		json.put("full_name", repo.fullName());
		json.set("owner", user(repo.owner));
		json.put("private", repo.isPrivate);
		json.put("html_url", base + "/" + repo.fullName());
		json.put("url", api);
		json.put("clone_url", cloneUrl(repo.fullName()));
		json.put("git_url", "git://127.0.0.1/" + repo.fullName() + ".git");
		json.put("ssh_url", "git@127.0.0.1:" + repo.fullName() + ".git");
		json.put("svn_url", base + "/" + repo.fullName());
		json.put("default_branch", "main");
		json.put("description", "stand-in repository");
		// GET /repos/{owner}/{repo} answers a full-repository, a little more than webhooks carry.
		json.put("has_discussions", false);
		json.put("network_count", 0);
		json.put("subscribers_count", 1);
		return json;
	}

	private ObjectNode user(String login) {
		ObjectNode json = (ObjectNode) userTemplate.deepCopy();
		json.put("login", login);
		json.put("type", "User");
		json.put("html_url", base + "/" + login);
		json.put("url", apiUrl() + "/users/" + login);
		return json;
	}

	private ObjectNode side(RepoState repo, String branch, String sha) {
		ObjectNode side = JSON.createObjectNode();
		side.put("label", repo.owner + ":" + branch);
		side.put("ref", branch);
		side.put("sha", sha);
		side.set("user", user(repo.owner));
		side.set("repo", repositoryJson(repo));
		return side;
	}

	/** The list endpoint's shape (pull-request-simple): no merge or diff statistics. */
	private ObjectNode simplePull(ObjectNode pr) {
		ObjectNode simple = pr.deepCopy();
		for (String field : List.of("merged", "mergeable", "rebaseable", "mergeable_state", "merged_by", "comments",
				"review_comments", "maintainer_can_modify", "commits", "additions", "deletions", "changed_files")) {
			simple.remove(field);
		}
		return simple;
	}

	private ObjectNode status(RepoState repo, String state, String context, String description, String targetUrl) {
		long id = ids.incrementAndGet();
		ObjectNode status = JSON.createObjectNode();
		status.put("url", apiUrl() + "/repos/" + repo.fullName() + "/statuses/" + id);
		status.put("avatar_url", "https://avatars.githubusercontent.com/u/1?v=4");
		status.put("id", id);
		status.put("node_id", "SC_" + id);
		status.put("state", state);
		status.put("description", description);
		status.put("target_url", targetUrl);
		status.put("context", context);
		status.put("created_at", now());
		status.put("updated_at", now());
		status.set("creator", user(USER));
		return status;
	}

	private ObjectNode release(RepoState repo, String tag, String name, String notes) {
		long id = ids.incrementAndGet();
		String api = apiUrl() + "/repos/" + repo.fullName() + "/releases/" + id;
		ObjectNode release = JSON.createObjectNode();
		release.put("url", api);
		release.put("html_url", base + "/" + repo.fullName() + "/releases/tag/" + tag);
		release.put("assets_url", api + "/assets");
		release.put("upload_url", "https://uploads.example/repos/" + repo.fullName() + "/releases/" + id + "/assets{?name,label}");
		release.put("tarball_url", apiUrl() + "/repos/" + repo.fullName() + "/tarball/" + tag);
		release.put("zipball_url", apiUrl() + "/repos/" + repo.fullName() + "/zipball/" + tag);
		release.put("id", id);
		release.put("node_id", "RE_" + id);
		release.put("tag_name", tag);
		release.put("target_commitish", "main");
		release.put("name", name);
		release.put("body", notes);
		release.put("draft", false);
		release.put("prerelease", false);
		release.put("created_at", now());
		release.put("published_at", now());
		release.set("author", user(USER));
		release.set("assets", JSON.createArrayNode());
		return release;
	}

	// --- git

	private Filter gitAuth() {
		return (request, response, chain) -> {
			HttpServletRequest http = (HttpServletRequest) request;
			String header = http.getHeader("Authorization");
			String expected = "Basic " + java.util.Base64.getEncoder()
				.encodeToString(("x-access-token:" + TOKEN).getBytes(StandardCharsets.UTF_8));
			if (!expected.equals(header)) {
				HttpServletResponse reply = (HttpServletResponse) response;
				reply.setHeader("WWW-Authenticate", "Basic realm=\"GitHub\"");
				reply.sendError(401);
				return;
			}
			chain.doFilter(new jakarta.servlet.http.HttpServletRequestWrapper(http) {

				@Override
				public String getRemoteUser() {
					return "x-access-token";
				}

			}, response);
		};
	}

	private Repository openRepository(String name) throws org.eclipse.jgit.errors.RepositoryNotFoundException {
		String key = name.replaceAll("^/+|/+$", "").replaceAll("\\.git$", "");
		RepoState repo = repos.get(key);
		if (repo == null) {
			throw new org.eclipse.jgit.errors.RepositoryNotFoundException(name);
		}
		try {
			return open(repo.bare);
		}
		catch (IOException ex) {
			throw new org.eclipse.jgit.errors.RepositoryNotFoundException(name, ex);
		}
	}

	private static Repository open(Path bare) throws IOException {
		return new FileRepositoryBuilder().setGitDir(bare.toFile()).setMustExist(true).setBare().build();
	}

	private RepoState repo(String owner, String name, boolean seedMain) {
		return repos.computeIfAbsent(owner + "/" + name, key -> {
			Path bare = root.resolve("repos").resolve(owner).resolve(name + ".git");
			try (Git git = Git.init().setBare(true).setGitDir(bare.toFile()).setInitialBranch("main").call()) {
				git.getRepository().getConfig().setBoolean("http", null, "receivepack", true);
				git.getRepository().getConfig().save();
				if (seedMain) {
					try (ObjectInserter inserter = git.getRepository().newObjectInserter()) {
						ObjectId tree = inserter.insert(new org.eclipse.jgit.lib.TreeFormatter());
						ObjectId commit = commit(inserter, tree, "Initial commit");
						update(git.getRepository(), Constants.R_HEADS + "main", commit, null);
					}
				}
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			return new RepoState(owner, name, bare, ids.incrementAndGet());
		});
	}

	private String refSha(RepoState repo, String branch) {
		try (Repository git = open(repo.bare)) {
			Ref ref = git.exactRef(Constants.R_HEADS + branch);
			return ref != null ? ref.getObjectId().name() : null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static ObjectId commit(ObjectInserter inserter, ObjectId tree, String message, ObjectId... parents)
			throws IOException {
		CommitBuilder builder = new CommitBuilder();
		PersonIdent ident = new PersonIdent("GitHub", "noreply@github.com");
		builder.setAuthor(ident);
		builder.setCommitter(ident);
		builder.setTreeId(tree);
		builder.setParentIds(parents);
		builder.setMessage(message);
		ObjectId id = inserter.insert(builder);
		inserter.flush();
		return id;
	}

	private static void update(Repository git, String ref, ObjectId to, ObjectId from) throws IOException {
		RefUpdate update = git.updateRef(ref);
		update.setNewObjectId(to);
		update.setExpectedOldObjectId(from != null ? from : ObjectId.zeroId());
		RefUpdate.Result result = update.update();
		if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD && result != RefUpdate.Result.FORCED) {
			throw new IOException("cannot update " + ref + ": " + result);
		}
	}

	private Optional<ObjectNode> issue(RepoState repo, String rest) {
		int number = Integer.parseInt(rest.split("/")[2]);
		return repo.issues.stream().filter(issue -> issue.path("number").asInt() == number).findFirst();
	}

	private Optional<ObjectNode> pull(RepoState repo, String rest) {
		int number = Integer.parseInt(rest.split("/")[2]);
		return repo.pulls.stream().filter(pr -> pr.path("number").asInt() == number).findFirst();
	}

	private static Map<String, String> params(String query) {
		Map<String, String> params = new LinkedHashMap<>();
		if (query != null) {
			for (String pair : query.split("&")) {
				int eq = pair.indexOf('=');
				if (eq > 0) {
					params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
							URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
				}
			}
		}
		return params;
	}

	private static String now() {
		return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)))
				.substring(0, 32);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private final class StorageServlet extends HttpServlet {

		@Override
		protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
			storageAuthorizations.add(String.valueOf(request.getHeader("Authorization")));
			long id = Long.parseLong(request.getPathInfo().replaceAll("\\D", ""));
			String log = jobLogs.get(id);
			if (log == null) {
				response.sendError(404);
				return;
			}
			response.setContentType("text/plain");
			response.getOutputStream().write(log.getBytes(StandardCharsets.UTF_8));
		}

	}

	static final class RepoState {

		final String owner;

		final String name;

		final Path bare;

		final long id;

		final List<ObjectNode> pulls = new CopyOnWriteArrayList<>();

		final List<ObjectNode> releases = new CopyOnWriteArrayList<>();

		final List<ObjectNode> issues = new CopyOnWriteArrayList<>();

		final Map<Integer, List<ObjectNode>> comments = new ConcurrentHashMap<>();

		volatile boolean isPrivate = true;

		int nextNumber = 1;

		RepoState(String owner, String name, Path bare, long id) {
			this.owner = owner;
			this.name = name;
			this.bare = bare;
			this.id = id;
		}

		String fullName() {
			return owner + "/" + name;
		}

	}

}
