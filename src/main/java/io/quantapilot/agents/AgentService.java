package io.quantapilot.agents;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.quantapilot.agents.internal.AgentRunRepository;
import io.quantapilot.agents.spi.AgentOutcome;
import io.quantapilot.agents.spi.AgentProvider;
import io.quantapilot.agents.spi.AgentTask;
import io.quantapilot.common.QuantaPilotException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;

/**
 * Runs agents and keeps the ledger. A run is identified by its step key: a succeeded run is never repeated
 * (a retried step reuses it); an interrupted or failed one is kept in the ledger and run again.
 */
@Service
public class AgentService {

	private static final Logger log = LoggerFactory.getLogger(AgentService.class);

	private final Map<String, AgentProvider> providers;

	private final AgentRunRepository runs;

	private final JsonMapper json;

	AgentService(List<AgentProvider> providers, AgentRunRepository runs, JsonMapper json) {
		this.providers = providers.stream().collect(Collectors.toMap(AgentProvider::name, Function.identity()));
		this.runs = runs;
		this.json = json;
	}

	/** The result of {@link #run}: the recorded run, and whether an earlier successful run was reused. */
	public record Result(AgentRun run, boolean reused) {
	}

	public Result run(String stepKey, String providerName, AgentTask task) {
		Optional<AgentRun> earlier = runs.findByStepKey(stepKey).filter(r -> "succeeded".equals(r.status()));
		if (earlier.isPresent()) {
			return new Result(earlier.get(), true);
		}
		AgentProvider provider = provider(providerName);
		UUID runId = runs.start(stepKey, task.projectId(), task.stageNumber(), task.role(), provider.name());
		runs.appendEvent(runId, "start", task.role().wireName() + " run with provider " + provider.name()
				+ (task.stageNumber() != null ? " for stage " + task.stageNumber() : ""));
		try {
			AgentOutcome outcome = provider.run(task, (type, message) -> runs.appendEvent(runId, type, message));
			runs.succeed(runId, outcome, BigDecimal.ZERO);
			runs.appendEvent(runId, "result", outcome.summary());
			return new Result(runs.find(runId).orElseThrow(), false);
		}
		catch (Exception ex) {
			String message = ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
			log.warn("Agent run {} failed: {}", stepKey, message);
			runs.fail(runId, message);
			runs.appendEvent(runId, "error", message);
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			if (ex instanceof QuantaPilotException qp) {
				throw qp;
			}
			throw new QuantaPilotException.TransientFailure("agent run failed: " + message, ex);
		}
	}

	/** Whether the step already has a succeeded run (its effects in the workspace must be kept). */
	public boolean hasSucceeded(String stepKey) {
		return runs.findByStepKey(stepKey).filter(r -> "succeeded".equals(r.status())).isPresent();
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

	public List<AgentRun> runs(UUID projectId) {
		return runs.forProject(projectId);
	}

	public AgentRun get(UUID runId) {
		return runs.find(runId).orElseThrow(() -> new QuantaPilotException.NotFound("agent run", runId));
	}

	public List<AgentRun.Event> events(UUID runId) {
		return runs.events(runId);
	}

	/** Reads and validates the architect's plan from the workspace. */
	public Plan readPlan(Path workspace) {
		Path file = workspace.resolve(Plan.FILE);
		if (!Files.isRegularFile(file)) {
			throw new InvalidPlanException(List.of(Plan.FILE + " was not written"));
		}
		Plan plan;
		try {
			plan = json.readValue(Files.readString(file), Plan.class);
		}
		catch (JacksonException | IOException ex) {
			throw new InvalidPlanException(List.of(Plan.FILE + " is not valid JSON: " + ex.getMessage()));
		}
		List<String> errors = plan.validationErrors();
		if (!errors.isEmpty()) {
			throw new InvalidPlanException(errors);
		}
		return plan;
	}

	/** The architect's plan does not validate. */
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
			// A model may produce a valid plan when asked again.
			return true;
		}

	}

}
