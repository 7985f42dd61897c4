package io.quantapilot.forge.webhooks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.quantapilot.forge.ChecksChanged;
import io.quantapilot.forge.ForgeService;
import io.quantapilot.forge.ForgeService.StageRef;
import io.quantapilot.forge.ForgeSettings;
import io.quantapilot.forge.GitHubProjectRequests;
import io.quantapilot.forge.WatchedRepositories;
import io.quantapilot.forge.WatchedRepositories.WatchedRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Processes verified GitHub webhook deliveries, each once: the delivery id is recorded in the same
 * transaction as its effects, so a redelivery (GitHub's, or an attacker replaying a captured one) finds
 * it and does nothing, and a delivery whose processing failed is not recorded and can be redelivered.
 * <p>
 * Check and CI events ({@code check_run}, {@code check_suite}, {@code status}, {@code workflow_run}) and
 * pushes to a stage branch ({@code pull_request synchronize}) wake the stage waiting for those checks; a
 * stage pull request closed or merged by a person ({@code pull_request closed}) is reconciled: its record
 * follows, and the waiting stage goes on to record the merge or ask a person what to do.
 * <p>
 * On repositories registered for watching, a push that adds or changes README.md on the default branch
 * asks for a project from that repository, and an issue labelled for QuantaPilot ({@code labeled}, or
 * {@code opened} with the label) asks for a project from the issue's body. Each source (head commit,
 * issue) asks once, so a redelivery under a new id or a second label event starts nothing more.
 */
@Service
class GitHubWebhooks {

	private static final Logger log = LoggerFactory.getLogger(GitHubWebhooks.class);

	private final ForgeService forge;

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	private final WatchedRepositories watched;

	private final GitHubProjectRequests requests;

	private final ForgeSettings settings;

	private final JsonMapper json = JsonMapper.builder().build();

	GitHubWebhooks(ForgeService forge, JdbcClient jdbc, ApplicationEventPublisher events, WatchedRepositories watched,
			GitHubProjectRequests requests, ForgeSettings settings) {
		this.forge = forge;
		this.jdbc = jdbc;
		this.events = events;
		this.watched = watched;
		this.requests = requests;
		this.settings = settings;
	}

	/** The outcome of a delivery, as the webhook's response body. */
	record Outcome(String status, String event, int stages, String detail) {

		Map<String, Object> body() {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("status", status);
			body.put("event", event);
			body.put("stages", stages);
			if (detail != null) {
				body.put("detail", detail);
			}
			return body;
		}

	}

	@Transactional
	public Outcome receive(String delivery, String event, byte[] body) {
		JsonNode payload;
		try {
			payload = json.readTree(body);
		}
		catch (JacksonException ex) {
			return new Outcome("invalid", event, 0, "the body is not JSON");
		}
		String action = text(payload.path("action"));
		String owner = text(payload.path("repository").path("owner").path("login"));
		String repo = text(payload.path("repository").path("name"));
		int recorded = jdbc.sql("""
				INSERT INTO github_webhook_deliveries (delivery_id, event, action, repository)
				VALUES (:id, :event, :action, :repo) ON CONFLICT (delivery_id) DO NOTHING""")
			.param("id", delivery)
			.param("event", event)
			.param("action", action)
			.param("repo", owner != null ? owner + "/" + repo : null)
			.update();
		if (recorded == 0) {
			log.info("GitHub delivery {} ({}) was processed before; ignored", delivery, event);
			return new Outcome("duplicate", event, 0, null);
		}
		return switch (event) {
			case "ping" -> new Outcome("pong", event, 0, text(payload.path("zen")));
			case "check_run" -> wake(event, owner, repo, payload.path("check_run").path("head_sha"),
					payload.path("check_run").path("pull_requests"),
					List.of(payload.path("check_run").path("check_suite").path("head_branch")));
			case "check_suite" -> wake(event, owner, repo, payload.path("check_suite").path("head_sha"),
					payload.path("check_suite").path("pull_requests"), List.of(payload.path("check_suite").path("head_branch")));
			case "workflow_run" -> wake(event, owner, repo, payload.path("workflow_run").path("head_sha"),
					payload.path("workflow_run").path("pull_requests"),
					List.of(payload.path("workflow_run").path("head_branch")));
			case "status" -> wake(event, owner, repo, payload.path("sha"), null,
					payload.path("branches").findValues("name"));
			case "pull_request" -> pullRequest(action, owner, repo, payload.path("pull_request"));
			case "push" -> push(delivery, owner, repo, payload);
			case "issues" -> issue(delivery, action, owner, repo, payload);
			default -> new Outcome("ignored", event, 0, null);
		};
	}

	private Outcome wake(String event, String owner, String repo, JsonNode sha, JsonNode pullRequests,
			List<JsonNode> branches) {
		if (owner == null || repo == null) {
			return new Outcome("ignored", event, 0, "no repository");
		}
		Set<StageRef> stages = new LinkedHashSet<>(forge.openPullRequestsOf(owner, repo, text(sha), null, null));
		if (pullRequests != null) {
			for (JsonNode pr : pullRequests) {
				stages.addAll(forge.openPullRequestsOf(owner, repo, null, pr.path("number").asInt(-1), null));
			}
		}
		for (JsonNode branch : branches) {
			if (text(branch) != null) {
				stages.addAll(forge.openPullRequestsOf(owner, repo, null, null, text(branch)));
			}
		}
		for (StageRef stage : stages) {
			events.publishEvent(new ChecksChanged(stage.projectId(), stage.stage(), event));
		}
		return new Outcome("processed", event, stages.size(), null);
	}

	private Outcome pullRequest(String action, String owner, String repo, JsonNode pullRequest) {
		String event = "pull_request";
		if (owner == null || repo == null || !List.of("closed", "synchronize", "reopened").contains(action)) {
			return new Outcome("ignored", event, 0, action);
		}
		int number = pullRequest.path("number").asInt(-1);
		List<StageRef> stages = new ArrayList<>(forge.openPullRequestsOf(owner, repo, null, number, null));
		if ("closed".equals(action)) {
			boolean merged = pullRequest.path("merged").asBoolean(false);
			for (StageRef stage : stages) {
				if (merged) {
					forge.markMerged(stage.projectId(), stage.stage(), text(pullRequest.path("merge_commit_sha")));
				}
				log.info("Pull request #{} of {}/{} was {} outside QuantaPilot (project {} stage {})", number, owner, repo,
						merged ? "merged" : "closed", stage.projectId(), stage.stage());
			}
		}
		for (StageRef stage : stages) {
			events.publishEvent(new ChecksChanged(stage.projectId(), stage.stage(), event + "." + action));
		}
		return new Outcome("processed", event, stages.size(), action);
	}

	/** README.md added or changed on the default branch of a watched repository: a project from it. */
	private Outcome push(String delivery, String owner, String repo, JsonNode payload) {
		String event = "push";
		Optional<WatchedRepository> repository = watched.find(owner, repo);
		if (repository.isEmpty()) {
			return new Outcome("ignored", event, 0, "repository not watched");
		}
		String defaultBranch = text(payload.path("repository").path("default_branch"));
		String ref = text(payload.path("ref"));
		if (defaultBranch == null || !("refs/heads/" + defaultBranch).equals(ref)) {
			return new Outcome("ignored", event, 0, "not the default branch");
		}
		String head = text(payload.path("after"));
		if (payload.path("deleted").asBoolean(false) || head == null || !head.matches("[0-9a-f]{40}")
				|| head.matches("0{40}")) {
			return new Outcome("ignored", event, 0, "no new head");
		}
		if (!readmeChanged(payload)) {
			return new Outcome("ignored", event, 0, "README.md unchanged");
		}
		GitHubProjectRequests.Recorded recorded = requests.record(new GitHubProjectRequests.Ask(delivery, "push",
				repository.get().owner(), repository.get().name(), head, repository.get().url(), null, null, null));
		return requested(event, recorded);
	}

	/** The push's commits (GitHub lists up to 20, and the head commit) added or modified the root README.md. */
	private static boolean readmeChanged(JsonNode payload) {
		List<JsonNode> commits = new ArrayList<>();
		payload.path("commits").forEach(commits::add);
		commits.add(payload.path("head_commit"));
		for (JsonNode commit : commits) {
			for (String field : List.of("added", "modified")) {
				for (JsonNode file : commit.path(field)) {
					if ("README.md".equals(text(file))) {
						return true;
					}
				}
			}
		}
		return false;
	}

	/** An issue labelled for QuantaPilot on a watched repository: a project whose README is the issue body. */
	private Outcome issue(String delivery, String action, String owner, String repo, JsonNode payload) {
		String event = "issues";
		String label = settings.github().issueLabel();
		JsonNode issue = payload.path("issue");
		boolean asked = switch (action == null ? "" : action) {
			case "labeled" -> label.equalsIgnoreCase(text(payload.path("label").path("name")));
			case "opened" -> hasLabel(issue, label);
			default -> false;
		};
		if (!asked) {
			return new Outcome("ignored", event, 0, action);
		}
		Optional<WatchedRepository> repository = watched.find(owner, repo);
		if (repository.isEmpty()) {
			return new Outcome("ignored", event, 0, "repository not watched");
		}
		int number = issue.path("number").asInt(-1);
		if (number < 1 || issue.has("pull_request")) {
			return new Outcome("ignored", event, 0, "not an issue");
		}
		String title = text(issue.path("title"));
		String body = text(issue.path("body"));
		GitHubProjectRequests.Recorded recorded = requests.record(new GitHubProjectRequests.Ask(delivery, "issue",
				repository.get().owner(), repository.get().name(), Integer.toString(number), repository.get().url(),
				title != null && title.length() > 300 ? title.substring(0, 300) : title, body != null ? body : "",
				number));
		return requested(event, recorded);
	}

	private static boolean hasLabel(JsonNode issue, String label) {
		for (JsonNode each : issue.path("labels")) {
			if (label.equalsIgnoreCase(each.isString() ? each.stringValue() : text(each.path("name")))) {
				return true;
			}
		}
		return false;
	}

	private static Outcome requested(String event, GitHubProjectRequests.Recorded recorded) {
		if (!recorded.created()) {
			log.info("GitHub {} asks again for what request {} asked; nothing more to do", event,
					recorded.request().id());
			return new Outcome("duplicate_request", event, 0, recorded.request().id().toString());
		}
		return new Outcome("project_requested", event, 0, recorded.request().id().toString());
	}

	private static String text(JsonNode node) {
		return node == null || node.isMissingNode() || node.isNull() ? null : node.asString();
	}

}
