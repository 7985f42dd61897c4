package io.quantapilot.workflow.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.quantapilot.agents.AgentRole;
import io.quantapilot.agents.AgentRun;
import io.quantapilot.agents.AgentService;
import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.decisions.Decision;
import io.quantapilot.decisions.DecisionService;
import io.quantapilot.decisions.DecisionStatus;
import io.quantapilot.projects.Project;
import io.quantapilot.projects.ProjectService;
import io.quantapilot.projects.ProjectStatus;
import io.quantapilot.workflow.WorkflowService;
import io.quantapilot.workflow.WorkflowSettings;
import io.quantapilot.workflow.WorkflowView;
import org.flowable.common.engine.api.FlowableOptimisticLockingException;
import org.flowable.engine.HistoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.history.HistoricActivityInstance;
import org.flowable.engine.history.HistoricProcessInstance;
import org.flowable.engine.runtime.Execution;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.task.api.Task;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** {@link WorkflowService} on Flowable: one process instance per project, business key = project id. */
@Service
class FlowableWorkflowService implements WorkflowService {

	static final String PROCESS = "project-lifecycle";

	private static final Set<String> SHOWN_TYPES = Set.of("serviceTask", "userTask", "receiveTask", "startEvent",
			"endEvent", "boundaryEvent");

	private final RuntimeService runtime;

	private final TaskService tasks;

	private final HistoryService history;

	private final ProjectService projects;

	private final DecisionService decisions;

	private final AgentService agents;

	private final WorkItemRepository workItems;

	private final WorkflowSettings settings;

	private final org.flowable.engine.RepositoryService repository;

	private final org.flowable.engine.ProcessEngine engine;

	private final TransactionTemplate transaction;

	FlowableWorkflowService(org.flowable.engine.RepositoryService repository,
			org.flowable.engine.ProcessEngine engine, RuntimeService runtime,
			TaskService tasks, HistoryService history,
			ProjectService projects, DecisionService decisions, AgentService agents, WorkItemRepository workItems,
			WorkflowSettings settings, PlatformTransactionManager transactions) {
		this.transaction = new TransactionTemplate(transactions);
		this.repository = repository;
		this.engine = engine;
		this.runtime = runtime;
		this.tasks = tasks;
		this.history = history;
		this.projects = projects;
		this.decisions = decisions;
		this.agents = agents;
		this.workItems = workItems;
		this.settings = settings;
	}

	@Override
	@Transactional
	public void start(UUID projectId) {
		// Locked: a cancel committing meanwhile either waits for this start (and then stops the instance) or
		// is seen here (and nothing starts).
		Project project = projects.lock(projectId);
		if (project.status() != ProjectStatus.INITIALIZING || instance(projectId) != null
				|| history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(projectId.toString()).count() > 0) {
			return;
		}
		Map<String, Object> variables = new HashMap<>();
		variables.put(ProcessVariables.PROJECT_ID, projectId.toString());
		variables.put(ProcessVariables.PLAN_REVISION, 0);
		variables.put(ProcessVariables.FIX_ATTEMPT, 0);
		variables.put(ProcessVariables.STAGE_INDEX, 0);
		variables.put(ProcessVariables.STAGE_COUNT, 0);
		variables.put(ProcessVariables.STAGE_ROUND, 0);
		variables.put(ProcessVariables.ESCALATION_LEVEL, 0);
		variables.put(ProcessVariables.MAX_FIX_ATTEMPTS, settings.maxFixAttempts());
		// Only a project's own timeout is a variable; otherwise each decision type's policy applies.
		if (project.configuration().get("decision_timeout") instanceof String timeout && !timeout.isBlank()) {
			variables.put(ProcessVariables.DECISION_TIMEOUT, timeout);
		}
		runtime.startProcessInstanceByKey(PROCESS, projectId.toString(), variables);
	}

	@Override
	@Transactional
	public void pause(UUID projectId, String actor) {
		projects.pause(projectId, actor);
		ProcessInstance instance = instance(projectId);
		if (instance != null && !instance.isSuspended()) {
			runtime.suspendProcessInstanceById(instance.getId());
		}
		workItems.hold(projectId, true);
	}

	@Override
	@Transactional
	public void resume(UUID projectId, String actor) {
		projects.resume(projectId, actor);
		ProcessInstance instance = instance(projectId);
		if (instance != null && instance.isSuspended()) {
			runtime.activateProcessInstanceById(instance.getId());
		}
		workItems.hold(projectId, false);
		// Decisions answered while paused are handed to the engine now.
		completeDecidedTasks(projectId);
	}

	@Override
	@Transactional
	public void retryStage(UUID projectId, Integer stage, String actor) {
		Project project = projects.get(projectId);
		if (project.status() != ProjectStatus.FAILED) {
			throw new QuantaPilotException.Conflict(
					"only a failed project can retry a stage; this one is " + project.status().wireName());
		}
		ProcessInstance instance = instance(projectId);
		if (instance == null) {
			throw new QuantaPilotException.Conflict("the project's workflow has ended; nothing to retry");
		}
		Integer current = (Integer) runtime.getVariable(instance.getId(), ProcessVariables.STAGE_INDEX);
		if (stage != null && current != null && current > 0 && !stage.equals(current)) {
			throw new QuantaPilotException.InvalidRequest("stage",
					"the failed stage is " + current + "; only it can be retried");
		}
		projects.retry(projectId, actor);
		int requeued = workItems.requeueFailed(projectId);
		Execution waiting = runtime.createExecutionQuery()
			.processInstanceId(instance.getId())
			.activityId("await_retry")
			.singleResult();
		if (waiting != null) {
			runtime.trigger(waiting.getId());
		}
		else if (requeued == 0) {
			throw new QuantaPilotException.Conflict("no failed step to retry");
		}
	}

	/**
	 * Not one transaction: the cancellation is committed first, then the instance is stopped at once (the
	 * ProjectCancelled listener then finds nothing left to do), retrying when a step result delivered to the
	 * same execution wins the engine's optimistic lock.
	 */
	@Override
	public void cancel(UUID projectId, String actor) {
		projects.cancel(projectId, "cancelled by " + actor, actor);
		stopRetrying(projectId, "cancelled by " + actor);
	}

	/** {@link #stop} in transactions of its own, again while it loses the engine's optimistic lock. */
	void stopRetrying(UUID projectId, String reason) {
		for (int attempt = 1;; attempt++) {
			try {
				transaction.executeWithoutResult(status -> stop(projectId, reason));
				return;
			}
			catch (FlowableOptimisticLockingException ex) {
				if (attempt >= 10) {
					throw ex;
				}
				try {
					Thread.sleep(50L * attempt);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw ex;
				}
			}
		}
	}

	/** Stops everything of a cancelled project (listener of ProjectCancelled). */
	@Transactional
	void stop(UUID projectId, String reason) {
		ProcessInstance instance = instance(projectId);
		if (instance != null) {
			runtime.deleteProcessInstance(instance.getId(), reason);
		}
		workItems.cancelAll(projectId);
		decisions.cancelPending(projectId);
	}

	/** Completes open decision tasks whose decision has been made (idempotent; also run periodically). */
	@Transactional
	void completeDecidedTasks(UUID projectId) {
		ProcessInstance instance = instance(projectId);
		if (instance == null || instance.isSuspended()) {
			return;
		}
		for (Task task : tasks.createTaskQuery().processInstanceId(instance.getId()).list()) {
			decisions.findByTask(task.getId())
				.filter(d -> d.status() == DecisionStatus.APPROVED || d.status() == DecisionStatus.REJECTED
						|| d.status() == DecisionStatus.MODIFIED)
				.ifPresent(d -> completeTask(task, d));
		}
	}

	/** Catches decisions whose event was lost (a crash right after deciding): hands them to the engine. */
	void completeAllDecidedTasks() {
		for (Task task : tasks.createTaskQuery().active().listPage(0, 200)) {
			decisions.findByTask(task.getId())
				.filter(d -> d.status() == DecisionStatus.APPROVED || d.status() == DecisionStatus.REJECTED
						|| d.status() == DecisionStatus.MODIFIED)
				.ifPresent(d -> completeTask(task, d));
		}
	}

	private void completeTask(Task task, Decision decision) {
		Map<String, Object> variables = new HashMap<>();
		variables.put(ProcessVariables.OUTCOME, decision.decision());
		variables.put(ProcessVariables.COMMENTS, decision.comments() != null ? decision.comments() : "");
		tasks.complete(task.getId(), variables);
	}

	@Override
	public WorkflowView view(UUID projectId) {
		projects.get(projectId);
		HistoricProcessInstance historic = history.createHistoricProcessInstanceQuery()
			.processInstanceBusinessKey(projectId.toString())
			.orderByProcessInstanceStartTime()
			.desc()
			.listPage(0, 1)
			.stream()
			.findFirst()
			.orElse(null);
		if (historic == null) {
			return new WorkflowView(null, "not_started", List.of(), List.of(), pending(projectId));
		}
		ProcessInstance running = instance(projectId);
		String status = running == null ? (historic.getDeleteReason() != null ? "cancelled" : "completed")
				: running.isSuspended() ? "suspended" : "running";
		// Agent runs line up with the plan, implement and qa nodes in the order both happened.
		java.util.Deque<AgentRun> architectRuns = new java.util.ArrayDeque<>();
		java.util.Deque<AgentRun> developerRuns = new java.util.ArrayDeque<>();
		java.util.Deque<AgentRun> qaRuns = new java.util.ArrayDeque<>();
		for (AgentRun run : agents.runs(projectId)) {
			(run.role() == AgentRole.ARCHITECT ? architectRuns : run.role() == AgentRole.QA ? qaRuns : developerRuns)
				.add(run);
		}
		List<WorkflowView.Node> nodes = new ArrayList<>();
		List<String> current = new ArrayList<>();
		for (HistoricActivityInstance a : history.createHistoricActivityInstanceQuery()
			.processInstanceId(historic.getId())
			.orderByHistoricActivityInstanceStartTime()
			.asc()
			.list()) {
			if (!SHOWN_TYPES.contains(a.getActivityType())) {
				continue;
			}
			boolean done = a.getEndTime() != null;
			if (!done) {
				current.add(a.getActivityId());
			}
			java.util.Deque<AgentRun> runs = switch (a.getActivityId()) {
				case "plan" -> architectRuns;
				case "implement" -> developerRuns;
				case "qa" -> qaRuns;
				default -> null;
			};
			AgentRun run = runs != null ? runs.poll() : null;
			nodes.add(new WorkflowView.Node(a.getActivityId(), a.getActivityName(),
					done ? (a.getDeleteReason() != null ? "cancelled" : "completed") : "running",
					a.getStartTime().toInstant(), done ? a.getEndTime().toInstant() : null,
					run != null ? run.role().wireName() + " (" + run.provider() + ")" : null,
					run != null ? run.totalTokens() : 0));
		}
		return new WorkflowView(historic.getId(), status, current, nodes, pending(projectId));
	}

	@Override
	public EngineStatus engineStatus() {
		boolean deployed = repository.createProcessDefinitionQuery().processDefinitionKey(PROCESS).count() > 0;
		var executor = engine.getProcessEngineConfiguration().getAsyncExecutor();
		return new EngineStatus(deployed, executor != null && executor.isActive(),
				runtime.createProcessInstanceQuery().count(),
				engine.getManagementService().createDeadLetterJobQuery().count(), workItems.countByStatus());
	}

	private List<UUID> pending(UUID projectId) {
		return decisions.list(DecisionStatus.PENDING, projectId, 100).stream().map(Decision::id).toList();
	}

	private ProcessInstance instance(UUID projectId) {
		return runtime.createProcessInstanceQuery()
			.processInstanceBusinessKey(projectId.toString())
			.processDefinitionKey(PROCESS)
			.singleResult();
	}

}
