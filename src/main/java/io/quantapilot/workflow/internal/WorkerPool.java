package io.quantapilot.workflow.internal;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quantapilot.agents.AgentService;
import io.quantapilot.agents.BudgetExhaustedException;
import io.quantapilot.common.ComponentHealth;
import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.PlatformSettings;
import io.quantapilot.common.Role;
import io.quantapilot.decisions.DecisionType;
import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.projects.ProjectService;
import io.quantapilot.workflow.WorkflowSettings;
import io.quantapilot.workflow.steps.StepHandler;
import io.quantapilot.workflow.steps.StepInvocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The agents role's worker pool: claims work items under a lease, runs their step outside any engine
 * transaction, keeps the lease alive with a heartbeat, and records the outcome. A dead worker's items are
 * taken over when its lease expires (at once, when it ran on this host and its process is gone); a live
 * worker that loses its lease stops its run, so no step runs twice at the same time.
 */
@Component
@ConditionalOnRole(Role.AGENTS)
class WorkerPool implements SmartLifecycle, ComponentHealth {

	private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

	private final WorkItemRepository workItems;

	private final WorkItemDelivery delivery;

	private final ProjectService projects;

	private final ParkedSteps parked;

	private final Map<String, StepHandler> handlers;

	private final WorkflowSettings settings;

	private final PlatformSettings platform;

	private final MeterRegistry meters;

	private final String owner;

	private final AtomicInteger busy = new AtomicInteger();

	private final java.util.concurrent.atomic.AtomicLong stepsRun = new java.util.concurrent.atomic.AtomicLong();

	private ExecutorService workers;

	private ScheduledExecutorService scheduler;

	private volatile boolean running;

	WorkerPool(WorkItemRepository workItems, WorkItemDelivery delivery, ProjectService projects, ParkedSteps parked,
			List<StepHandler> handlers, WorkflowSettings settings, PlatformSettings platform, MeterRegistry meters) {
		this.meters = meters;
		this.parked = parked;
		this.workItems = workItems;
		this.delivery = delivery;
		this.projects = projects;
		this.handlers = handlers.stream().collect(Collectors.toMap(StepHandler::step, Function.identity()));
		this.settings = settings;
		this.platform = platform;
		this.owner = hostName() + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Override
	public void start() {
		releaseLeasesOfDeadLocalWorkers();
		workers = Executors.newFixedThreadPool(settings.workerThreads(), named("qp-worker"));
		scheduler = Executors.newScheduledThreadPool(1, named("qp-worker-poll"));
		running = true;
		scheduler.scheduleWithFixedDelay(this::poll, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
		log.info("Worker pool {} started with {} threads", owner, settings.workerThreads());
	}

	@Override
	public void stop() {
		running = false;
		if (scheduler != null) {
			scheduler.shutdownNow();
		}
		if (workers != null) {
			// Interrupted runs keep their lease record; the next start (or another worker) takes them over.
			workers.shutdownNow();
			try {
				workers.awaitTermination(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		// Stop before the web server and the engine, start after them.
		return Integer.MAX_VALUE - 100;
	}

	int busyWorkers() {
		return busy.get();
	}

	@Override
	public String component() {
		return "worker_pool";
	}

	@Override
	public Map<String, Object> health() {
		Map<String, Object> health = new java.util.LinkedHashMap<>();
		health.put("status", running ? "healthy" : "unhealthy");
		health.put("owner", owner);
		health.put("threads", settings.workerThreads());
		health.put("busy", busy.get());
		health.put("steps_run", stepsRun.get());
		return health;
	}

	private void poll() {
		try {
			int free = settings.workerThreads() - busy.get();
			if (free <= 0 || !running) {
				return;
			}
			for (WorkItem item : workItems.claim(owner, platform.workerLease(), free)) {
				busy.incrementAndGet();
				workers.execute(() -> {
					try {
						run(item);
					}
					finally {
						busy.decrementAndGet();
					}
				});
			}
			for (WorkItem item : workItems.undelivered(20)) {
				delivery.deliver(item);
			}
		}
		catch (RuntimeException ex) {
			if (running) {
				log.warn("Worker poll failed: {}", ex.getMessage());
			}
		}
	}

	private void run(WorkItem item) {
		MDC.put("project_id", item.projectId().toString());
		MDC.put("step", item.stepKey());
		AtomicBoolean lost = new AtomicBoolean();
		Thread thread = Thread.currentThread();
		long beat = Math.max(1000, platform.workerLease().toMillis() / 4);
		ScheduledFuture<?> heartbeat = scheduler.scheduleWithFixedDelay(() -> {
			try {
				if (!workItems.heartbeat(item.id(), owner, platform.workerLease()) && lost.compareAndSet(false, true)) {
					log.warn("Lost the lease of {}; stopping its run", item.stepKey());
					thread.interrupt();
				}
			}
			catch (RuntimeException ex) {
				log.warn("Heartbeat of {} failed: {}", item.stepKey(), ex.getMessage());
			}
		}, beat, beat, TimeUnit.MILLISECONDS);
		try {
			StepHandler handler = handlers.get(item.step());
			if (handler == null) {
				throw new IllegalStateException("no handler for step " + item.step());
			}
			if (item.attempts() > item.maxAttempts()) {
				throw new QuantaPilotException("step " + item.stepKey() + " was interrupted " + item.maxAttempts()
						+ " times (its worker kept dying)");
			}
			log.info("Running {} (attempt {})", item.stepKey(), item.attempts());
			stepsRun.incrementAndGet();
			// Per process: which agents node did the work (and that no other role ever does).
			Counter.builder("qp_worker_steps_started")
				.description("Work items this process's worker pool started running, by step")
				.tag("step", item.step())
				.register(meters)
				.increment();
			int attempt = ((Number) item.variables().getOrDefault("attempt", 0)).intValue();
			Map<String, Object> variables = new java.util.HashMap<>(item.variables());
			if (item.lastError() != null) {
				variables.put("previousError", item.lastError());
			}
			Map<String, Object> result = handler.execute(new StepInvocation(item.projectId(), item.stageNumber(),
					item.stepKey(), attempt, variables, lost::get));
			heartbeat.cancel(false);
			if (lost.get() || !workItems.complete(item.id(), owner, result)) {
				log.warn("{} finished but its lease was gone; the result is discarded", item.stepKey());
				return;
			}
			Thread.interrupted();
			delivery.deliver(item);
		}
		catch (Exception ex) {
			heartbeat.cancel(false);
			Thread.interrupted();
			if (lost.get() || !running) {
				log.info("{} stopped: {}", item.stepKey(), ex.getMessage());
				return;
			}
			handleFailure(item, ex);
		}
		finally {
			MDC.remove("project_id");
			MDC.remove("step");
		}
	}

	private void handleFailure(WorkItem item, Exception ex) {
		String message = ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
		if (ex instanceof BudgetExhaustedException budget) {
			log.info("{} needs more budget: {}", item.stepKey(), message);
			parked.park(item, DecisionType.BUDGET_EXCEEDED, message, budget.details());
			return;
		}
		boolean agentTrouble = ex instanceof AgentService.AgentFailedException
				|| ex instanceof AgentService.InvalidPlanException;
		boolean retryable = ex instanceof QuantaPilotException qp && qp.isTransient();
		if (agentTrouble && (item.attempts() >= item.maxAttempts() || !retryable)) {
			log.warn("{} failed {} times; asking a person: {}", item.stepKey(), item.attempts(), message);
			parked.park(item, DecisionType.AGENT_FAILURE, message, ((QuantaPilotException) ex).details());
			return;
		}
		boolean permanent = ex instanceof QuantaPilotException known && !known.isTransient();
		if (!permanent && item.attempts() < item.maxAttempts()) {
			long backoff = Math.min(60_000, 1000L << Math.min(item.attempts(), 6));
			long jitter = ThreadLocalRandom.current().nextLong(backoff / 4 + 1);
			log.warn("{} failed (attempt {} of {}), retrying in {} ms: {}", item.stepKey(), item.attempts(),
					item.maxAttempts(), backoff + jitter, message, ex);
			workItems.retryLater(item.id(), owner, message, Instant.now().plusMillis(backoff + jitter));
			return;
		}
		log.error("{} failed for good: {}", item.stepKey(), message, ex);
		if (workItems.fail(item.id(), message)) {
			try {
				projects.markFailed(item.projectId(), item.step() + " failed: " + message);
			}
			catch (QuantaPilotException.Conflict conflict) {
				log.info("Project {} not marked failed: {}", item.projectId(), conflict.getMessage());
			}
		}
	}

	/**
	 * Leases of workers that ran on this host and whose process is gone are released at once instead of
	 * waiting for them to expire (a standalone server restarted after a crash resumes immediately).
	 */
	private void releaseLeasesOfDeadLocalWorkers() {
		String host = hostName();
		long self = ProcessHandle.current().pid();
		List<String> dead = workItems.leaseOwners().stream().filter(o -> {
			String[] parts = o.split(":");
			if (parts.length != 3 || !parts[0].equals(host)) {
				return false;
			}
			long pid = Long.parseLong(parts[1]);
			return pid == self ? !o.equals(owner) : ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
		}).toList();
		int released = workItems.releaseLeasesOf(dead);
		if (released > 0) {
			log.info("Took over {} step(s) left running by stopped workers on this host", released);
		}
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName().replace(':', '_');
		}
		catch (java.io.IOException ex) {
			return ManagementFactory.getRuntimeMXBean().getName().replace(':', '_');
		}
	}

	private static java.util.concurrent.ThreadFactory named(String prefix) {
		AtomicInteger n = new AtomicInteger();
		return r -> {
			Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
			t.setDaemon(true);
			return t;
		};
	}

	Duration lease() {
		return platform.workerLease();
	}

}
