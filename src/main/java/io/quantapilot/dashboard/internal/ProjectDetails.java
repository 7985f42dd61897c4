package io.quantapilot.dashboard.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.agents.AgentRun;
import io.quantapilot.agents.AgentService;
import io.quantapilot.decisions.Decision;
import io.quantapilot.decisions.DecisionService;
import io.quantapilot.decisions.DecisionStatus;
import io.quantapilot.forge.ForgeService;
import io.quantapilot.forge.PullRequest;
import io.quantapilot.projects.Project;
import io.quantapilot.projects.ProjectService;
import io.quantapilot.projects.ProjectStatus;
import io.quantapilot.projects.Stage;
import io.quantapilot.projects.StageStatus;
import io.quantapilot.quality.QualityService;
import io.quantapilot.quality.TestExecution;
import io.quantapilot.workflow.WorkflowService;
import io.quantapilot.workflow.WorkflowView;

import org.springframework.stereotype.Component;

/**
 * Everything the project page shows, gathered from the modules' APIs: the project and its budget, the stage
 * timeline with pull requests and test results, the workflow's steps with the current one, agent runs and
 * usage, and the decisions waiting.
 */
@Component
@ConditionalOnRole(Role.DASHBOARD)
public class ProjectDetails {

	/** The main path of {@code project-lifecycle}, in order; the stage loop is implement, qa, verify, merge. */
	private static final List<String[]> MAIN_PATH = List.of(new String[] { "intake", "Intake" },
			new String[] { "plan", "Plan" }, new String[] { "plan_approval", "Plan approval" },
			new String[] { "implement", "Implement" }, new String[] { "qa", "QA" }, new String[] { "verify", "Verify" },
			new String[] { "merge", "Merge" }, new String[] { "release", "Release" });

	private static final Set<String> STAGE_LOOP = Set.of("implement", "qa", "verify", "merge");

	private final ProjectService projects;

	private final WorkflowService workflow;

	private final AgentService agents;

	private final DecisionService decisions;

	private final ForgeService forge;

	private final QualityService quality;

	ProjectDetails(ProjectService projects, WorkflowService workflow, AgentService agents, DecisionService decisions,
			ForgeService forge, QualityService quality) {
		this.projects = projects;
		this.workflow = workflow;
		this.agents = agents;
		this.decisions = decisions;
		this.forge = forge;
		this.quality = quality;
	}

	/**
	 * A stage with what happened to it.
	 *
	 * @param pullRequest the stage's pull request, or null before it is opened
	 * @param tests the stage's latest test run, or null before one ran
	 * @param testRuns how many test runs the stage had (fix attempts run the tests again)
	 */
	public record StageRow(Stage stage, PullRequest pullRequest, TestExecution tests, int testRuns) {

		public boolean current() {
			return stage.currentStep() != null;
		}

	}

	/**
	 * One step of the workflow's main path.
	 *
	 * @param state {@code done}, {@code current} or {@code upcoming}
	 */
	public record Step(String id, String label, String state) {

		/** Whether the step is repeated for every stage. */
		public boolean loop() {
			return STAGE_LOOP.contains(id);
		}

	}

	/** A budget figure: what was used of how much (null when unlimited) and the share used (0–100). */
	public record Budget(BigDecimal used, BigDecimal limit, int percent) {

		static Budget of(BigDecimal used, BigDecimal limit) {
			int percent = limit == null || limit.signum() <= 0 ? 0
					: (int) Math.min(100, Math.round(used.doubleValue() * 100 / limit.doubleValue()));
			return new Budget(used, limit, percent);
		}

	}

	/** The whole page's content, except the log (read separately, it is the biggest part). */
	public record View(Project project, List<StageRow> stages, List<Step> steps, List<String> otherCurrentSteps,
			WorkflowView workflow, String stageLoopLabel, List<AgentRun> runs, List<Decision> pendingDecisions,
			Budget tokens, Budget cost, List<UsageRow> usageByStage, List<UsageRow> usageByRole) {

		public boolean steerable() {
			return !project.status().isTerminal();
		}

		public long completedStages() {
			return stages.stream().filter(s -> s.stage().status() == StageStatus.COMPLETED).count();
		}

		/** Whether the usage bars show cost (else tokens: the offline provider is free). */
		public boolean costShown() {
			return UsageRow.scaledByCost(usageByRole);
		}

	}

	public View view(UUID projectId) {
		Project project = projects.get(projectId);
		List<Stage> stages = projects.stages(projectId);
		Map<Integer, PullRequest> pulls = forge.pullRequests(projectId)
			.stream()
			.collect(Collectors.toMap(PullRequest::stageNumber, pr -> pr, (a, b) -> b));
		Map<Integer, List<TestExecution>> tests = quality.forProject(projectId)
			.stream()
			.collect(Collectors.groupingBy(TestExecution::stageNumber));
		List<StageRow> rows = new ArrayList<>();
		for (Stage stage : stages) {
			List<TestExecution> runs = tests.getOrDefault(stage.number(), List.of());
			TestExecution latest = runs.stream().max(Comparator.comparing(TestExecution::createdAt)).orElse(null);
			rows.add(new StageRow(stage, pulls.get(stage.number()), latest, runs.size()));
		}
		WorkflowView flow = workflow.view(projectId);
		List<AgentRun> runs = agents.runs(projectId);
		AgentService.Spending spending = agents.spending(projectId);
		Long maxTokens = project.maxTokens();
		Map<String, String> stageNames = new HashMap<>();
		stages.forEach(s -> stageNames.put(Integer.toString(s.number()), s.number() + " " + s.name()));
		Instant since = project.createdAt().minusSeconds(60);
		return new View(project, rows, steps(flow, project.status() == ProjectStatus.COMPLETED), otherCurrent(flow), flow, stageLoopLabel(stages), runs,
				decisions.list(DecisionStatus.PENDING, projectId, 20),
				Budget.of(BigDecimal.valueOf(spending.tokens()), maxTokens != null ? BigDecimal.valueOf(maxTokens) : null),
				Budget.of(spending.costUsd(), project.maxCostUsd()),
				UsageRow.of(agents.usage(projectId, "stage", since),
						key -> "plan".equals(key) ? "planning" : "stage " + stageNames.getOrDefault(key, key),
						key -> null),
				UsageRow.of(agents.usage(projectId, "role", since)));
	}

	/**
	 * The main path's steps. A completed project has done them all, even while the engine is still closing
	 * the release step (the project is marked completed from inside it).
	 */
	private static List<Step> steps(WorkflowView flow, boolean projectCompleted) {
		Set<String> current = Set.copyOf(flow.currentNodes());
		Set<String> completed = flow.executionHistory()
			.stream()
			.filter(n -> "completed".equals(n.status()))
			.map(WorkflowView.Node::nodeId)
			.collect(Collectors.toSet());
		boolean finished = projectCompleted || "completed".equals(flow.status());
		List<Step> steps = new ArrayList<>();
		for (String[] node : MAIN_PATH) {
			String state = finished ? "done"
					: current.contains(node[0]) ? "current" : completed.contains(node[0]) ? "done" : "upcoming";
			steps.add(new Step(node[0], node[1], state));
		}
		return steps;
	}

	/** Current nodes off the main path (a re-plan, a quality override, a failed step waiting for retry, …). */
	private static List<String> otherCurrent(WorkflowView flow) {
		Set<String> main = MAIN_PATH.stream().map(n -> n[0]).collect(Collectors.toSet());
		Map<String, String> names = new LinkedHashMap<>();
		for (WorkflowView.Node node : flow.executionHistory()) {
			// A decision's timer waits beside its task; it is not a step of its own.
			boolean timer = node.nodeId().endsWith("_timeout");
			if (flow.currentNodes().contains(node.nodeId()) && !main.contains(node.nodeId()) && !timer) {
				names.put(node.nodeId(), node.nodeName() != null ? node.nodeName() : node.nodeId());
			}
		}
		return List.copyOf(names.values());
	}

	private static String stageLoopLabel(List<Stage> stages) {
		if (stages.isEmpty()) {
			return "for each stage";
		}
		for (Stage stage : stages) {
			if (stage.currentStep() != null || stage.status().wireName().equals("running")) {
				return "stage " + stage.number() + " of " + stages.size();
			}
		}
		long done = stages.stream().filter(s -> s.completedAt() != null).count();
		return done + " of " + stages.size() + " stages done";
	}

}
