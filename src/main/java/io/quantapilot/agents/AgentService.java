package io.quantapilot.agents;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quantapilot.agents.internal.AgentRunRepository;
import io.quantapilot.agents.internal.PlanSchema;
import io.quantapilot.agents.internal.Pricing;
import io.quantapilot.agents.internal.PromptRenderer;
import io.quantapilot.agents.spi.AgentEvents;
import io.quantapilot.agents.spi.AgentOutcome;
import io.quantapilot.agents.spi.AgentProvider;
import io.quantapilot.agents.spi.AgentTask;
import io.quantapilot.agents.spi.ProviderCheck;
import io.quantapilot.common.QuantaPilotException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Runs agents and keeps the ledger. A run is identified by its step key: a succeeded run is never repeated
 * (a retried step reuses it); an interrupted or failed one stays in the ledger and the run starts again.
 * Budgets are checked before a run starts and while it runs (a run crossing the limit is stopped); the
 * totals come from the ledger, so they never reset on retries, restarts or resumes.
 */
@Service
public class AgentService {

	private static final Logger log = LoggerFactory.getLogger(AgentService.class);

	private static final int[] THRESHOLDS = { 50, 80, 100 };

	private final Map<String, AgentProvider> providers;

	private final AgentRunRepository runs;

	private final JsonMapper json;

	private final AgentSettings settings;

	private final PromptRenderer prompts;

	private final PlanSchema planSchema;

	private final Pricing pricing;

	private final ApplicationEventPublisher events;

	private final MeterRegistry meters;

	private final org.springframework.transaction.support.TransactionTemplate tx;

	AgentService(org.springframework.transaction.support.TransactionTemplate tx, List<AgentProvider> providers, AgentRunRepository runs, JsonMapper json, AgentSettings settings,
			PromptRenderer prompts, PlanSchema planSchema, Pricing pricing, ApplicationEventPublisher events,
			MeterRegistry meters) {
		this.providers = providers.stream().collect(Collectors.toMap(AgentProvider::name, Function.identity()));
		this.runs = runs;
		this.json = json;
		this.settings = settings;
		this.prompts = prompts;
		this.planSchema = planSchema;
		this.pricing = pricing;
		this.events = events;
		this.meters = meters;
		this.tx = tx;
	}

	/** The result of {@link #run}: the recorded run, and whether an earlier successful run was reused. */
	public record Result(AgentRun run, boolean reused) {
	}

	public Result run(AgentRequest request) {
		Optional<AgentRun> earlier = runs.findByStepKey(request.stepKey()).filter(r -> "succeeded".equals(r.status()));
		if (earlier.isPresent()) {
			return new Result(earlier.get(), true);
		}
		String providerName = providerFor(request.role(), request.projectProvider());
		AgentProvider provider = provider(providerName);
		String model = modelFor(request.role());
		long needed = provider.usesModel()
				? (request.estimatedTokens() > 0 ? request.estimatedTokens() : settings.defaultRunTokens()) : 0;
		checkBudget(request, needed, model);
		PromptRenderer.Rendered prompt = prompts.render(request);
		UUID runId = runs.start(request.stepKey(), request.projectId(), request.stageNumber(), request.role(),
				provider.name(), model);
		runs.appendEvent(runId, "start", request.role().wireName() + " run with provider " + provider.name()
				+ (request.stageNumber() != null ? " for stage " + request.stageNumber() : ""));
		for (String note : prompt.leftOut()) {
			runs.appendEvent(runId, "context", note);
		}
		RunLedger ledger = new RunLedger(runId, request, provider.name(), model, Thread.currentThread());
		AgentRequest.RepositoryTarget repository = request.repository();
		AgentTask task = new AgentTask(request.projectId(), request.stageNumber(), request.role(), request.workspace(),
				request.readme(), request.comments() != null ? request.comments() : "",
				request.failureReport() != null ? request.failureReport() : "", prompt.prompt(), model,
				java.time.Duration.ofHours(2), repository != null ? repository.url() : null,
				repository != null ? repository.baseRef() : null, repository != null ? repository.branch() : null);
		try {
			AgentOutcome outcome = provider.run(task, ledger);
			ledger.finalUsage(outcome);
			if (ledger.budgetStop.get()) {
				throw ledger.exhausted();
			}
			runs.succeed(runId, outcome);
			runs.appendEvent(runId, "result", outcome.summary());
			return new Result(runs.find(runId).orElseThrow(), false);
		}
		catch (Exception ex) {
			boolean budget = ledger.budgetStop.get();
			if (budget) {
				Thread.interrupted();
			}
			String message = budget ? "stopped: the project's budget was reached"
					: ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
			log.warn("Agent run {} failed: {}", request.stepKey(), message);
			runs.fail(runId, message);
			runs.appendEvent(runId, "error", message);
			if (budget) {
				throw ledger.exhausted();
			}
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			// Whatever the provider threw (an outage, a stuck run, a rejected key) is an agent failure: the
			// worker retries the transient ones, and then, or at once for the others, the stage waits on an
			// agent_failure decision (retry, switch provider, abort) instead of failing the project.
			boolean transientFailure = !(ex instanceof QuantaPilotException qp) || qp.isTransient();
			throw new AgentFailedException(provider.name(), message, transientFailure, ex);
		}
	}

	private void checkBudget(AgentRequest request, long needed, String model) {
		AgentRequest.Budget budget = request.budget();
		if (budget == null || !budget.limited()) {
			return;
		}
		AgentRunRepository.Totals totals = runs.totals(request.projectId());
		BigDecimal neededCost = pricing.estimate(model, needed);
		boolean tokensShort = budget.maxTokens() != null && totals.tokens() + needed > budget.maxTokens();
		boolean costShort = budget.maxCostUsd() != null
				&& totals.costUsd().add(neededCost).compareTo(budget.maxCostUsd()) > 0;
		if (tokensShort || costShort) {
			throw new BudgetExhaustedException("the budget cannot cover the next " + request.role().wireName()
					+ " run (about " + needed + " tokens)", totals.tokens(), totals.costUsd(), budget, needed);
		}
	}

	/** Which provider runs a role: the project's choice, else the role's setting, else the default. */
	public String providerFor(AgentRole role, String projectProvider) {
		if (projectProvider != null && !projectProvider.isBlank()) {
			return projectProvider;
		}
		AgentSettings.RoleSettings roleSettings = settings.roles().get(role.wireName());
		if (roleSettings != null && roleSettings.provider() != null && !roleSettings.provider().isBlank()) {
			return roleSettings.provider();
		}
		return settings.defaultProvider();
	}

	private String modelFor(AgentRole role) {
		AgentSettings.RoleSettings roleSettings = settings.roles().get(role.wireName());
		return roleSettings != null ? roleSettings.model() : null;
	}

	/**
	 * Whether the provider for a role works on the project's repository on the forge (a cloud agent pushing to
	 * a branch) rather than in the workspace; the pipeline then fetches the branch after the run.
	 */
	public boolean worksOnRepository(AgentRole role, String projectProvider) {
		return provider(providerFor(role, projectProvider)).worksOnRepository();
	}

	/** Fails with a clear error when the provider is not available. */
	public AgentProvider provider(String name) {
		AgentProvider provider = providers.get(name);
		if (provider == null) {
			throw new QuantaPilotException.InvalidRequest("agent_provider", "agent provider '" + name
					+ "' is not available here (available: " + String.join(", ", providers.keySet()) + ")");
		}
		return provider;
	}

	/** Checks every provider (the runbook's {@code verify-api-keys}). */
	public List<ProviderCheck> checkProviders() {
		List<ProviderCheck> checks = new ArrayList<>();
		for (AgentProvider provider : providers.values()) {
			try {
				checks.add(provider.check());
			}
			catch (RuntimeException ex) {
				checks.add(ProviderCheck.problem(provider.name(), "check failed: " + ex.getMessage()));
			}
		}
		checks.sort(java.util.Comparator.comparing(ProviderCheck::provider));
		return checks;
	}

	/** Refuses to start a project whose providers are not usable (missing binary, key, …). */
	public void requireUsable(String projectProvider) {
		requireUsable(projectProvider, null);
	}

	/**
	 * Refuses to start a project whose providers are not usable (missing binary, key, …), or that need a
	 * repository the project's forge cannot give them: a cloud agent works on a GitHub repository, not on the
	 * platform's local forge.
	 *
	 * @param forge the project's forge ({@code local}, {@code github}), or null when not known here
	 */
	public void requireUsable(String projectProvider, String forge) {
		java.util.Set<String> names = new java.util.TreeSet<>();
		for (AgentRole role : AgentRole.values()) {
			names.add(providerFor(role, projectProvider));
		}
		for (String name : names) {
			AgentProvider provider = provider(name);
			if (provider.worksOnRepository() && forge != null && !"github".equals(forge)) {
				throw new QuantaPilotException.InvalidRequest("agent_provider", "agent provider '" + name
						+ "' works on the project's GitHub repository, and this project's forge is '" + forge
						+ "': set configuration.forge to github (with quantapilot.forge.github configured), "
						+ "or choose another agent_provider");
			}
			ProviderCheck check = provider.check();
			if (!check.ok()) {
				throw new QuantaPilotException.InvalidRequest("agent_provider",
						"agent provider '" + name + "' is not usable: " + check.message());
			}
		}
	}

	/**
	 * Marks a succeeded run's output as rejected (e.g. an invalid plan): it stays in the ledger, and the next
	 * run of the step starts afresh instead of reusing it.
	 */
	public void rejectRun(String stepKey, String reason) {
		runs.reject(stepKey, reason);
	}

	public boolean hasSucceeded(String stepKey) {
		return runs.findByStepKey(stepKey).filter(r -> "succeeded".equals(r.status())).isPresent();
	}

	public List<AgentRun> runs(UUID projectId) {
		return runs.forProject(projectId);
	}

	public AgentRun get(UUID runId) {
		return runs.find(runId).orElseThrow(() -> new QuantaPilotException.NotFound("agent run", runId));
	}

	public List<AgentRun.Event> events(UUID runId) {
		return runs.events(runId);
	}

	/** The run's events after the given sequence number (for following a run as it goes). */
	public List<AgentRun.Event> events(UUID runId, int afterSeq) {
		return runs.events(runId, afterSeq);
	}

	/** The project's spending so far (all runs, all attempts). */
	public Spending spending(UUID projectId) {
		AgentRunRepository.Totals totals = runs.totals(projectId);
		return new Spending(totals.tokens(), totals.costUsd());
	}

	/** Tokens and cost spent. */
	public record Spending(long tokens, BigDecimal costUsd) {
	}

	/**
	 * Usage grouped by {@code role}, {@code model}, {@code stage}, {@code provider}, {@code day} or
	 * {@code project} (the project's id).
	 */
	public List<Map<String, Object>> usage(UUID projectId, String groupBy, Instant since) {
		if (!List.of("role", "model", "stage", "day", "provider", "project").contains(groupBy)) {
			throw new QuantaPilotException.InvalidRequest("group_by",
					"group_by must be one of role, model, stage, day, provider, project");
		}
		return runs.usage(projectId, groupBy, since);
	}

	/** A rough cost of {@code tokens} with the developer's model (for estimates before runs). */
	public BigDecimal estimateCost(long tokens, String projectProvider) {
		if (!provider(providerFor(AgentRole.DEVELOPER, projectProvider)).usesModel()) {
			return BigDecimal.ZERO;
		}
		return pricing.estimate(modelFor(AgentRole.DEVELOPER), tokens).setScale(4, RoundingMode.HALF_UP);
	}

	/** Reads and validates the architect's plan against the JSON Schema shipped in the jar. */
	public Plan readPlan(Path workspace) {
		Path file = workspace.resolve(Plan.FILE);
		if (!Files.isRegularFile(file)) {
			throw new InvalidPlanException(List.of(Plan.FILE + " was not written"));
		}
		JsonNode tree;
		try {
			tree = json.readTree(Files.readString(file));
		}
		catch (JacksonException | IOException ex) {
			throw new InvalidPlanException(List.of(Plan.FILE + " is not valid JSON: " + ex.getMessage()));
		}
		List<String> errors = new ArrayList<>(planSchema.validate(tree));
		if (errors.isEmpty()) {
			Plan plan = json.treeToValue(tree, Plan.class);
			errors.addAll(plan.validationErrors());
			if (errors.isEmpty()) {
				return plan;
			}
		}
		throw new InvalidPlanException(errors);
	}

	/** The architect's plan does not validate; the step is retried with the errors, then escalated. */
	public static final class InvalidPlanException extends QuantaPilotException {

		private final List<String> errors;

		public InvalidPlanException(List<String> errors) {
			super("invalid plan: " + String.join("; ", errors), Map.of("errors", errors), null);
			this.errors = List.copyOf(errors);
		}

		public List<String> errors() {
			return errors;
		}

		@Override
		public boolean isTransient() {
			return true;
		}

	}

	/** A provider failed to complete a run; retrying (or another provider) may help. */
	public static final class AgentFailedException extends QuantaPilotException {

		private final String provider;

		private final boolean transientFailure;

		public AgentFailedException(String provider, String message, boolean transientFailure, Throwable cause) {
			super("agent run with " + provider + " failed: " + message, Map.of("provider", provider), cause);
			this.provider = provider;
			this.transientFailure = transientFailure;
		}

		public String provider() {
			return provider;
		}

		/** Whether another attempt with the same provider may get through (an outage, a stuck run). */
		@Override
		public boolean isTransient() {
			return transientFailure;
		}

	}

	/**
	 * The run's view of the ledger: accumulates usage reported by the provider, keeps the row current,
	 * counts metrics, announces budget thresholds and stops the run when it crosses the limit.
	 */
	private final class RunLedger implements AgentEvents {

		private final UUID runId;

		private final AgentRequest request;

		private final String provider;

		private final Thread runner;

		private final AtomicBoolean budgetStop = new AtomicBoolean();

		private String model;

		private long input;

		private long output;

		private long cached;

		private boolean estimated;

		private BigDecimal cost = BigDecimal.ZERO;

		RunLedger(UUID runId, AgentRequest request, String provider, String model, Thread runner) {
			this.runId = runId;
			this.request = request;
			this.provider = provider;
			this.model = model;
			this.runner = runner;
		}

		@Override
		public synchronized void emit(String type, String message) {
			// Serialised: each event takes the next sequence number of the run's log.
			runs.appendEvent(runId, type, message);
		}

		@Override
		public synchronized void usage(long in, long out, long cachedIn, boolean estimate) {
			add(in, out, cachedIn, estimate);
		}

		/** Providers that report totals only at the end: take whichever is larger. */
		synchronized void finalUsage(AgentOutcome outcome) {
			if (outcome.model() != null) {
				model = outcome.model();
			}
			add(Math.max(0, outcome.inputTokens() - input), Math.max(0, outcome.outputTokens() - output),
					Math.max(0, outcome.cachedTokens() - cached), outcome.estimated());
		}

		private void add(long in, long out, long cachedIn, boolean estimate) {
			input += in;
			output += out;
			cached += cachedIn;
			estimated |= estimate;
			Pricing.Cost total = pricing.cost(model, input, output, cached);
			BigDecimal delta = total.usd().subtract(cost);
			cost = total.usd();
			runs.setUsage(runId, model, input, output, cached, estimated, cost, total.priced());
			String modelTag = model != null ? model : "default";
			count("input", in, modelTag);
			count("output", out, modelTag);
			count("cached", cachedIn, modelTag);
			if (delta.signum() > 0) {
				Counter.builder("qp_agent_cost_usd_total")
					.description("Cost of agent runs")
					.tag("role", request.role().wireName())
					.tag("provider", provider)
					.tag("model", modelTag)
					.register(meters)
					.increment(delta.doubleValue());
			}
			if (in + out > 0) {
				watchBudget();
			}
		}

		private void count(String kind, long tokens, String modelTag) {
			if (tokens > 0) {
				Counter.builder("qp_agent_tokens_total")
					.description("Tokens used by agent runs")
					.tag("role", request.role().wireName())
					.tag("provider", provider)
					.tag("model", modelTag)
					.tag("kind", kind)
					.register(meters)
					.increment(tokens);
			}
		}

		private void watchBudget() {
			AgentRequest.Budget budget = request.budget();
			if (budget == null || !budget.limited()) {
				return;
			}
			AgentRunRepository.Totals totals = runs.totals(request.projectId());
			double share = 0;
			if (budget.maxTokens() != null && budget.maxTokens() > 0) {
				share = Math.max(share, (double) totals.tokens() / budget.maxTokens());
			}
			if (budget.maxCostUsd() != null && budget.maxCostUsd().signum() > 0) {
				share = Math.max(share, totals.costUsd().doubleValue() / budget.maxCostUsd().doubleValue());
			}
			for (int threshold : THRESHOLDS) {
				if (share * 100 < threshold) {
					continue;
				}
				// Marked and published in one transaction, so the event publication registry keeps it.
				boolean first = Boolean.TRUE.equals(tx.execute(status -> {
					if (!runs.markThreshold(request.projectId(), threshold)) {
						return false;
					}
					events.publishEvent(new BudgetThresholdReached(request.projectId(), threshold, totals.tokens(),
							totals.costUsd()));
					return true;
				}));
				if (first) {
					emit("budget", "budget " + threshold + " % reached (" + totals.tokens() + " tokens, $"
							+ totals.costUsd() + ")");
				}
			}
			if (share >= 1.0 && budgetStop.compareAndSet(false, true)) {
				emit("budget", "the budget is used up: stopping the run");
				runner.interrupt();
			}
		}

		BudgetExhaustedException exhausted() {
			AgentRunRepository.Totals totals = runs.totals(request.projectId());
			return new BudgetExhaustedException("the run was stopped: the project's budget is used up", totals.tokens(),
					totals.costUsd(), request.budget(), 0);
		}

	}

}
