package io.quantapilot.dashboard.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.agents.AgentRun;
import io.quantapilot.agents.AgentService;
import io.quantapilot.dashboard.DashboardSettings;
import io.quantapilot.decisions.Decision;
import io.quantapilot.decisions.DecisionService;
import io.quantapilot.decisions.DecisionStatus;
import io.quantapilot.identity.SessionService;
import io.quantapilot.projects.Project;
import io.quantapilot.projects.ProjectService;
import io.quantapilot.projects.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent event streams of the live pages. Each open stream is polled on a small shared scheduler: it
 * reads what changed through the modules' APIs and pushes it (new agent log lines as they are written, and a
 * {@code state} event when the project or the decisions changed, upon which the page reloads that part).
 * Polling the database keeps this correct across nodes: a decision made through another node, the API or
 * the CLI shows up the same way.
 */
@Component
@ConditionalOnRole(Role.DASHBOARD)
public class LiveUpdates {

	private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);

	/** This often a stream checks its session and sends a comment, which notices a browser that went away. */
	private static final Duration HEARTBEAT = Duration.ofSeconds(15);

	private static final long RECONNECT_MILLIS = 2000;

	private final ScheduledExecutorService scheduler;

	private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();

	private final ProjectService projects;

	private final DecisionService decisions;

	private final AgentService agents;

	private final ProjectLog projectLog;

	private final JsonMapper json;

	private final DashboardSettings settings;

	private final SessionService sessions;

	LiveUpdates(ProjectService projects, DecisionService decisions, AgentService agents, ProjectLog projectLog,
			JsonMapper json, DashboardSettings settings, SessionService sessions) {
		this.sessions = sessions;
		this.projects = projects;
		this.decisions = decisions;
		this.agents = agents;
		this.projectLog = projectLog;
		this.json = json;
		this.settings = settings;
		AtomicInteger threads = new AtomicInteger();
		this.scheduler = Executors.newScheduledThreadPool(2, runnable -> {
			Thread thread = new Thread(runnable, "dashboard-live-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Follows a project for a session: log lines after the cursor, and its state. The stream ends when the
	 * session does (signed out or expired).
	 */
	public SseEmitter followProject(UUID projectId, LogCursor cursor, UUID sessionId) {
		projects.get(projectId);
		return start(new ProjectSubscription(projectId, cursor, sessionId));
	}

	/** Follows the decisions (the inbox and the pending count), and one decision's status when given. */
	public SseEmitter followDecisions(UUID decisionId, UUID sessionId) {
		if (decisionId != null) {
			decisions.get(decisionId);
		}
		return start(new DecisionsSubscription(decisionId, sessionId));
	}

	/** Open streams (for tests and the System page). */
	public int openStreams() {
		return subscriptions.size();
	}

	private SseEmitter start(Subscription subscription) {
		subscriptions.add(subscription);
		subscription.future = scheduler.scheduleWithFixedDelay(subscription, 0,
				settings.livePollInterval().toMillis(), TimeUnit.MILLISECONDS);
		return subscription.emitter;
	}

	/** Ends every stream before the web server's graceful shutdown, which would otherwise wait for them. */
	@EventListener(ContextClosedEvent.class)
	void closeAll() {
		for (Subscription subscription : subscriptions) {
			subscription.close();
			subscription.emitter.complete();
		}
		scheduler.shutdownNow();
	}

	private abstract class Subscription implements Runnable {

		final SseEmitter emitter = new SseEmitter(settings.streamTimeout().toMillis());

		private final UUID sessionId;

		volatile ScheduledFuture<?> future;

		private volatile boolean closed;

		private Instant lastSent = Instant.now();

		private boolean first = true;

		Subscription(UUID sessionId) {
			this.sessionId = sessionId;
			emitter.onCompletion(this::close);
			emitter.onTimeout(() -> {
				close();
				emitter.complete();
			});
			emitter.onError(error -> close());
		}

		@Override
		public final void run() {
			if (closed) {
				return;
			}
			try {
				if (Duration.between(lastSent, Instant.now()).compareTo(HEARTBEAT) >= 0) {
					// Signing out (or the session's expiry) also ends what it was watching.
					if (!sessions.isLive(sessionId)) {
						send("signed_out", null, Map.of());
						close();
						emitter.complete();
						return;
					}
					emitter.send(SseEmitter.event().comment("keep-alive"));
					lastSent = Instant.now();
				}
				tick();
			}
			catch (IOException | IllegalStateException ex) {
				// The browser went away or the stream ended.
				close();
			}
			catch (RuntimeException ex) {
				// A failing read (database restarting, project deleted) is tried again on the next tick.
				log.debug("Live update failed: {}", ex.getMessage());
			}
		}

		abstract void tick() throws IOException;

		void send(String event, String id, Object data) throws IOException {
			SseEmitter.SseEventBuilder builder = SseEmitter.event().name(event).data(json.writeValueAsString(data));
			if (id != null) {
				builder.id(id);
			}
			if (first) {
				builder.reconnectTime(RECONNECT_MILLIS);
				first = false;
			}
			emitter.send(builder);
			lastSent = Instant.now();
		}

		void end() throws IOException {
			send("end", null, Map.of());
			close();
			emitter.complete();
		}

		void close() {
			closed = true;
			ScheduledFuture<?> f = future;
			if (f != null) {
				f.cancel(false);
			}
			subscriptions.remove(this);
		}

	}

	private final class ProjectSubscription extends Subscription {

		private final UUID projectId;

		private LogCursor cursor;

		private String version;

		private int finishedTicks;

		ProjectSubscription(UUID projectId, LogCursor cursor, UUID sessionId) {
			super(sessionId);
			this.projectId = projectId;
			this.cursor = cursor;
		}

		@Override
		void tick() throws IOException {
			Project project = projects.get(projectId);
			List<AgentRun> runs = agents.runs(projectId);
			ProjectLog.Update update = projectLog.after(runs, cursor);
			for (LogLine line : update.lines()) {
				send("log", line.cursor(), line);
			}
			cursor = update.cursor();
			String now = fingerprint(project);
			if (!now.equals(version)) {
				version = now;
				Map<String, Object> state = new LinkedHashMap<>();
				state.put("status", project.status().wireName());
				state.put("version", Integer.toHexString(now.hashCode()));
				send("state", null, state);
			}
			// A finished project's stream ends once its last run has written everything.
			boolean lastRunDone = runs.isEmpty() || runs.get(runs.size() - 1).finishedAt() != null;
			finishedTicks = project.status().isTerminal() && lastRunDone ? finishedTicks + 1 : 0;
			if (finishedTicks >= 2) {
				end();
			}
		}

		private String fingerprint(Project project) {
			StringBuilder text = new StringBuilder().append(project.status())
				.append('|')
				.append(project.updatedAt())
				.append('|')
				.append(project.tokensUsed())
				.append('|')
				.append(project.costUsd());
			for (Stage stage : projects.stages(projectId)) {
				text.append('|')
					.append(stage.number())
					.append(stage.status())
					.append(stage.currentStep())
					.append(stage.attempts());
			}
			for (Decision decision : decisions.list(DecisionStatus.PENDING, projectId, 20)) {
				text.append('|').append(decision.id());
			}
			return text.toString();
		}

	}

	private final class DecisionsSubscription extends Subscription {

		private final UUID decisionId;

		private String version;

		DecisionsSubscription(UUID decisionId, UUID sessionId) {
			super(sessionId);
			this.decisionId = decisionId;
		}

		@Override
		void tick() throws IOException {
			StringBuilder text = new StringBuilder();
			for (Decision decision : decisions.list(null, null, 50)) {
				text.append(decision.id()).append(decision.status()).append('|');
			}
			long pending = decisions.countPending();
			text.append(pending);
			String status = null;
			if (decisionId != null) {
				status = decisions.get(decisionId).status().wireName();
				text.append('|').append(status);
			}
			String now = text.toString();
			if (!now.equals(version)) {
				version = now;
				Map<String, Object> state = new LinkedHashMap<>();
				state.put("pending", pending);
				state.put("version", Integer.toHexString(now.hashCode()));
				if (status != null) {
					state.put("decision_status", status);
				}
				send("state", null, state);
			}
		}

	}

}
