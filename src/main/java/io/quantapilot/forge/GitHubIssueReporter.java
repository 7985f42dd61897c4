package io.quantapilot.forge;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.PlatformSettings;
import io.quantapilot.common.Role;
import io.quantapilot.forge.github.GitHubApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Posts what became of an issue's project request back to the issue: the project's id once it started
 * (or why none was), and its end (completed: the issue is closed as completed; failed or cancelled: why).
 * Runs on the {@code forge} role, outside any transaction: each comment carries an invisible marker, and
 * the issue's comments are searched for it before posting, so a crash between posting and recording, or
 * a second reporter, does not post it twice. GitHub failures are retried with growing pauses.
 */
@Component
@ConditionalOnRole(Role.FORGE)
class GitHubIssueReporter implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(GitHubIssueReporter.class);

	private static final Duration MAX_BACKOFF = Duration.ofMinutes(30);

	private static final int BATCH = 20;

	private static final int MAX_DETAIL = 500;

	private final GitHubProjectRequests requests;

	private final GitHubApi github;

	private final ForgeSettings settings;

	private final PlatformSettings platform;

	private ScheduledExecutorService scheduler;

	private volatile boolean running;

	GitHubIssueReporter(GitHubProjectRequests requests, GitHubApi github, ForgeSettings settings,
			PlatformSettings platform) {
		this.platform = platform;
		this.requests = requests;
		this.github = github;
		this.settings = settings;
	}

	@Override
	public void start() {
		// Only when a token lets it talk to GitHub.
		if (!settings.github().hasToken()) {
			return;
		}
		scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread thread = new Thread(r, "qp-github-issues");
			thread.setDaemon(true);
			return thread;
		});
		long interval = Math.max(100, settings.github().issueReportInterval().toMillis());
		scheduler.scheduleWithFixedDelay(this::reportDue, interval, interval, TimeUnit.MILLISECONDS);
		running = true;
	}

	@Override
	public void stop() {
		running = false;
		if (scheduler != null) {
			scheduler.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	void reportDue() {
		List<GitHubProjectRequests.DueReport> due;
		try {
			due = requests.dueReports(BATCH);
		}
		catch (RuntimeException ex) {
			log.warn("Cannot read the issues owed a comment: {}", ex.getMessage());
			return;
		}
		for (GitHubProjectRequests.DueReport report : due) {
			if (!running) {
				return;
			}
			report(report);
		}
	}

	private void report(GitHubProjectRequests.DueReport due) {
		GitHubProjectRequest request = due.request();
		try {
			List<String> posted = null;
			if (due.reportStatus() != null) {
				posted = github.issueComments(request.owner(), request.name(), request.issueNumber())
					.stream()
					.map(GitHubApi.IssueComment::body)
					.toList();
				comment(request, posted, marker(request, due.reportStatus()), statusText(request));
			}
			if (due.reportOutcome() != null) {
				if (posted == null) {
					posted = github.issueComments(request.owner(), request.name(), request.issueNumber())
						.stream()
						.map(GitHubApi.IssueComment::body)
						.toList();
				}
				comment(request, posted, marker(request, "outcome-" + due.reportOutcome()),
						outcomeText(request, due.reportOutcome(), due.outcomeDetail()));
				if ("completed".equals(due.reportOutcome())) {
					github.closeIssue(request.owner(), request.name(), request.issueNumber(), "completed");
				}
			}
			requests.reported(request.id(), due.reportStatus(), due.reportOutcome());
		}
		catch (RuntimeException ex) {
			long factor = 1L << Math.min(due.attempts(), 10);
			Duration retry = settings.github().issueReportInterval().multipliedBy(factor);
			retry = retry.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : retry;
			log.warn("Cannot comment on issue #{} of {}/{} (attempt {}); again in {} s: {}", request.issueNumber(),
					request.owner(), request.name(), due.attempts() + 1, retry.toSeconds(), ex.getMessage());
			requests.reportFailed(request.id(), ex.getMessage() != null ? ex.getMessage() : ex.toString(), retry);
		}
	}

	private void comment(GitHubProjectRequest request, List<String> posted, String marker, String text) {
		if (posted.stream().anyMatch(body -> body.contains(marker))) {
			log.debug("Issue #{} of {}/{} already has {}", request.issueNumber(), request.owner(), request.name(), marker);
			return;
		}
		github.createIssueComment(request.owner(), request.name(), request.issueNumber(), text + "\n\n" + marker);
	}

	/** An HTML comment: invisible on GitHub, and what finds a comment posted before. */
	static String marker(GitHubProjectRequest request, String what) {
		return "<!-- quantapilot:request:" + request.id() + ":" + what + " -->";
	}

	private String statusText(GitHubProjectRequest request) {
		return switch (request.status()) {
			case "started" -> "QuantaPilot started a project for this issue: **" + request.title() + "**, project id `"
					+ request.projectId() + "`" + link(request) + ".\n\nThis issue hears back when the project completes or"
					+ " fails.";
			case "skipped" -> "QuantaPilot did not start a project for this issue: " + request.reason();
			default -> "QuantaPilot could not start a project for this issue: " + request.reason();
		};
	}

	private String outcomeText(GitHubProjectRequest request, String outcome, String fullDetail) {
		// The issue may be public: a short reason, the rest is in QuantaPilot.
		String detail = fullDetail != null && fullDetail.length() > MAX_DETAIL ? fullDetail.substring(0, MAX_DETAIL) + " …"
				: fullDetail;
		return switch (outcome) {
			case "completed" -> "QuantaPilot project `" + request.projectId() + "`" + link(request)
					+ " completed: every stage was merged and the release published. Closing this issue.";
			case "failed" -> "QuantaPilot project `" + request.projectId() + "`" + link(request) + " failed"
					+ (detail != null && !detail.isBlank() ? ": " + detail : ".")
					+ "\n\nA person can retry it in QuantaPilot; this issue stays open.";
			default -> "QuantaPilot project `" + request.projectId() + "`" + link(request) + " was " + outcome
					+ (detail != null && !detail.isBlank() ? ": " + detail : ".");
		};
	}

	/** A link to the project's page when this server's public address is configured (localhost helps nobody). */
	private String link(GitHubProjectRequest request) {
		String base = platform.publicUrl();
		if (base == null || base.isBlank()) {
			return "";
		}
		return " (" + base.strip().replaceAll("/+$", "") + "/projects/" + request.projectId() + ")";
	}

}
