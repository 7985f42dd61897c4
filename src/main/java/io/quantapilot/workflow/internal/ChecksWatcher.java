package io.quantapilot.workflow.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quantapilot.common.ComponentHealth;
import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.forge.ChecksChanged;
import io.quantapilot.forge.ChecksReport;
import io.quantapilot.forge.ForgeService;
import org.flowable.common.engine.api.FlowableException;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.runtime.Execution;
import org.flowable.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wakes stages waiting at {@code await_checks}: a webhook about their pull request ({@link ChecksChanged})
 * makes it look at once, and a poll every {@code quantapilot.forge.github.poll-interval} covers lost or
 * missing webhooks. When the checks are no longer pending (passed, failed, timed out, or the pull request
 * was merged or closed by a person), the waiting execution is triggered with the verdict; a paused
 * project's stage is left waiting until it is resumed.
 */
@Component
@ConditionalOnRole(Role.FORGE)
class ChecksWatcher implements SmartLifecycle, ComponentHealth {

	static final String ACTIVITY = "await_checks";

	private static final Logger log = LoggerFactory.getLogger(ChecksWatcher.class);

	private final RuntimeService runtime;

	private final ForgeService forge;

	private final TransactionTemplate tx;

	private final MeterRegistry meters;

	private final Map<UUID, Object> locks = new ConcurrentHashMap<>();

	private ScheduledExecutorService scheduler;

	private volatile boolean running;

	ChecksWatcher(RuntimeService runtime, ForgeService forge, TransactionTemplate tx, MeterRegistry meters) {
		this.runtime = runtime;
		this.forge = forge;
		this.tx = tx;
		this.meters = meters;
	}

	@Override
	public void start() {
		scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread thread = new Thread(r, "qp-checks-watcher");
			thread.setDaemon(true);
			return thread;
		});
		long interval = Math.max(100, forge.checksPollInterval().toMillis());
		scheduler.scheduleWithFixedDelay(this::pollAll, interval, interval, TimeUnit.MILLISECONDS);
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

	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 100;
	}

	@Override
	public String component() {
		return "checks_watcher";
	}

	@Override
	public Map<String, Object> health() {
		return Map.of("status", running ? "healthy" : "unhealthy", "poll_interval_ms",
				Math.max(100, forge.checksPollInterval().toMillis()));
	}

	/**
	 * Not an {@code @ApplicationModuleListener}: that would run in one transaction, holding a database
	 * connection while GitHub is asked; each verdict is delivered in its own short transaction instead.
	 */
	@Async
	@TransactionalEventListener
	void on(ChecksChanged event) {
		log.debug("{} for project {} stage {}", event.cause(), event.projectId(), event.stage());
		for (Execution execution : waiting(event.projectId())) {
			look(execution, event.cause());
		}
	}

	void pollAll() {
		try {
			for (Execution execution : runtime.createExecutionQuery().activityId(ACTIVITY).list()) {
				if (!running) {
					return;
				}
				look(execution, "poll");
			}
		}
		catch (RuntimeException ex) {
			log.warn("Looking at waiting checks failed: {}", ex.getMessage());
		}
	}

	private List<Execution> waiting(UUID projectId) {
		ProcessInstance instance = runtime.createProcessInstanceQuery()
			.processInstanceBusinessKey(projectId.toString())
			.processDefinitionKey(FlowableWorkflowService.PROCESS)
			.singleResult();
		if (instance == null) {
			return List.of();
		}
		return runtime.createExecutionQuery().processInstanceId(instance.getId()).activityId(ACTIVITY).list();
	}

	private void look(Execution execution, String cause) {
		if (execution.isSuspended()) {
			return;
		}
		Map<String, Object> variables = runtime.getVariables(execution.getId(),
				List.of(ProcessVariables.PROJECT_ID, ProcessVariables.STAGE_INDEX));
		UUID projectId = UUID.fromString((String) variables.get(ProcessVariables.PROJECT_ID));
		int stage = ((Number) variables.get(ProcessVariables.STAGE_INDEX)).intValue();
		// A webhook and the poll may arrive together: one look at a time per project.
		synchronized (locks.computeIfAbsent(projectId, id -> new Object())) {
			ChecksReport report;
			try {
				report = forge.evaluateChecks(projectId, stage);
			}
			catch (RuntimeException ex) {
				log.warn("Cannot judge the checks of project {} stage {}; will look again: {}", projectId, stage,
						ex.getMessage());
				return;
			}
			if (report.state() == ChecksReport.State.PENDING) {
				return;
			}
			try {
				boolean delivered = Boolean.TRUE.equals(tx.execute(status -> {
					Execution current = runtime.createExecutionQuery().executionId(execution.getId()).singleResult();
					if (current == null || !ACTIVITY.equals(current.getActivityId()) || current.isSuspended()) {
						return false;
					}
					runtime.trigger(execution.getId(), Map.of("checksState", report.state().wireName(), "mergeProblem",
							report.problem()));
					return true;
				}));
				if (delivered) {
					log.info("Checks of project {} stage {}: {} ({})", projectId, stage, report.state().wireName(), cause);
					// Which path woke stages (webhooks or the poll) tells an operator whether webhooks arrive.
					Counter.builder("qp_checks_verdicts")
						.description("Stages moved on from waiting for checks, by verdict and by what woke them")
						.tag("state", report.state().wireName())
						.tag("cause", cause)
						.register(meters)
						.increment();
				}
			}
			catch (FlowableException ex) {
				// Moved on meanwhile (paused, cancelled, or triggered by the other path): nothing to do.
				log.debug("Checks verdict for project {} not delivered: {}", projectId, ex.getMessage());
			}
		}
	}

}
