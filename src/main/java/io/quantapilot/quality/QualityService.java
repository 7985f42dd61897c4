package io.quantapilot.quality;

import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.quality.internal.CheatDetector;
import io.quantapilot.quality.internal.TestInventories;
import io.quantapilot.quality.internal.TestInventory;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Runs a generated project's real tests (sandboxed where the host allows), judges them against the
 * project's quality gates and stores both. One execution and one evaluation per step key: a retried
 * verify step returns the stored result instead of running again.
 */
@Service
public class QualityService {

	private static final Logger log = LoggerFactory.getLogger(QualityService.class);

	private static final TypeReference<List<Map<String, Object>>> LIST = new TypeReference<>() {
	};

	// The end of an extra command's output kept as evidence: where linters print their findings.
	private static final int COMMAND_OUTPUT_TAIL = 4_000;

	// How much of the last run's output the developer's next attempt gets.
	private static final int MAX_DEVELOPER_OUTPUT = 20_000;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final TestCommandDetector detector = new TestCommandDetector();

	private final Sandbox sandbox;

	private final QualitySettings settings;

	private final QualityEvaluations evaluations;

	QualityService(JdbcClient jdbc, JsonMapper json, QualitySettings settings, QualityEvaluations evaluations) {
		this.jdbc = jdbc;
		this.json = json;
		this.settings = settings;
		this.evaluations = evaluations;
		this.sandbox = sandbox(settings.sandbox());
		log.info("Generated projects' tests run with sandbox: {}", this.sandbox.name());
	}

	private static Sandbox sandbox(String mode) {
		return switch (mode) {
			case "none" -> NoSandbox.INSTANCE;
			case "bubblewrap" -> BubblewrapSandbox.find()
				.orElseThrow(() -> new IllegalStateException("quantapilot.quality.sandbox=bubblewrap but bwrap does not work here"));
			default -> BubblewrapSandbox.find().<Sandbox>map(s -> s).orElse(NoSandbox.INSTANCE);
		};
	}

	/** The sandbox tests run in ({@code none} when the host offers none). */
	public String sandboxName() {
		return this.sandbox.name();
	}

	/**
	 * Verifies a stage: takes the test inventory, runs the tests and the extra commands, evaluates
	 * every gate against the project's configuration and stores the evaluation. A fix attempt (any
	 * later verification of the same stage) is compared with the previous one, so that deleting,
	 * skipping or weakening tests fails {@code no_cheating}.
	 *
	 * @param projectId the project
	 * @param stage the stage
	 * @param stepKey the verify step's idempotency key
	 * @param workspace the project's working copy, on the committed stage branch
	 * @param configuration the project's configuration (see {@link QualityPolicy#KEYS})
	 * @param defaultTimeout the platform's test time limit, unless the project sets its own
	 * @return the stored evaluation
	 */
	public QualityEvaluation verify(UUID projectId, int stage, String stepKey, Path workspace,
			Map<String, ?> configuration, Duration defaultTimeout) {
		Optional<QualityEvaluation> earlier = this.evaluations.byStepKey(stepKey);
		if (earlier.isPresent()) {
			return earlier.get();
		}
		QualityPolicy policy = QualityPolicy.from(configuration);
		Duration timeout = policy.testTimeout() != null ? policy.testTimeout() : defaultTimeout;
		// Taken before the run: builds write files, the inventory describes what was committed.
		TestInventory inventory = TestInventories.scan(workspace);
		TestExecution execution = runTests(projectId, stage, stepKey, workspace, policy, timeout);
		List<QualityGates.CommandOutcome> commands = new ArrayList<>();
		for (QualityPolicy.ExtraCommand command : policy.extraCommands()) {
			commands.add(runExtraCommand(workspace, command, policy, timeout));
		}
		Optional<QualityGates.PreviousStage> previousStage = this.evaluations.latestBefore(projectId, stage)
			.flatMap(previous -> byId(previous.executionId())
				.filter(run -> run.total() >= 0)
				.map(run -> new QualityGates.PreviousStage(previous.stageNumber(), run.total() - run.skipped())));
		Optional<List<String>> cheating = this.evaluations.latestWithInventory(projectId, stage)
			.map(previous -> CheatDetector.compare(previous.inventory(),
					counts(byId(previous.executionId()).orElse(null)), inventory, counts(execution)));
		List<GateResult> gates = QualityGates.evaluate(execution, policy, previousStage, cheating, commands);
		QualityEvaluation evaluation = this.evaluations.insert(projectId, stage, stepKey, execution.id(), gates,
				policy.toMap(), inventory);
		log.info("Quality gates of project {} stage {}: {}{}", projectId, stage,
				evaluation.passed() ? "passed" : "failed",
				evaluation.passed() ? "" : " " + evaluation.failedGates());
		return evaluation;
	}

	private TestExecution runTests(UUID projectId, int stage, String stepKey, Path workspace, QualityPolicy policy,
			Duration timeout) {
		Optional<TestExecution> earlier = byStepKey(stepKey);
		if (earlier.isPresent()) {
			return earlier.get();
		}
		Optional<TestCommand> command;
		try {
			command = this.detector.detect(workspace, policy.testCommand());
		}
		catch (IllegalArgumentException ex) {
			throw new QuantaPilotException.InvalidRequest("configuration.test_command", ex.getMessage());
		}
		TestRun run = null;
		String note = "";
		if (command.isPresent()) {
			Sandbox confined = confine(policy.networkAllowed());
			if (!policy.networkAllowed() && confined == NoSandbox.INSTANCE) {
				note = "[quantapilot] test_network is denied but this host has no sandbox: the network stays reachable\n";
			}
			run = new TestRunner(confined).run(workspace, command.get(), Limits.defaults()
				.withTimeout(timeout)
				.withMaxOutputBytes(this.settings.maxOutputBytes()));
			if (run.cancelled()) {
				throw new QuantaPilotException.TransientFailure("test run cancelled", null);
			}
		}
		UUID id = UUID.randomUUID();
		TestSummary summary = run != null ? run.summary() : TestSummary.unknown();
		Coverage coverage = run != null ? run.coverage() : Coverage.notMeasured("no test command was detected");
		List<Map<String, Object>> failures = summary.failures().stream().map(QualityService::failure).toList();
		this.jdbc.sql("""
				INSERT INTO test_executions (id, project_id, stage_number, step_key, command, ecosystem, sandbox,
				    exit_code, timed_out, passed, total, failed, errors, skipped, failures, output, duration_ms,
				    coverage_percent, coverage_covered, coverage_total, coverage_format, coverage_note)
				VALUES (:id, :project, :stage, :key, :command, :ecosystem, :sandbox, :exit, :timedOut, :passed,
				    :total, :failed, :errors, :skipped, CAST(:failures AS jsonb), :output, :duration,
				    :coveragePercent, :covered, :coverageTotal, :coverageFormat, :coverageNote)
				ON CONFLICT (step_key) DO NOTHING""")
			.param("id", id)
			.param("project", projectId)
			.param("stage", stage)
			.param("key", stepKey)
			.param("command", run != null ? String.join(" ", command.get().argv()) : "(none detected)")
			.param("ecosystem", command.map(TestCommand::ecosystem).orElse(null))
			.param("sandbox", run != null ? run.sandbox() : this.sandbox.name())
			.param("exit", run != null ? run.exitCode() : null)
			.param("timedOut", run != null && run.timedOut())
			.param("passed", run != null && run.passed())
			.param("total", summary.total())
			.param("failed", summary.failed())
			.param("errors", summary.errors())
			.param("skipped", summary.skipped())
			.param("failures", this.json.writeValueAsString(failures))
			.param("output", run != null ? note + run.output().replace("\u0000", "")
					: "No test command was detected in the workspace (no pom.xml, package.json, Python tests, go.mod…)")
			.param("duration", run != null ? run.duration().toMillis() : 0)
			.param("coveragePercent", coverage.percent())
			.param("covered", coverage.measured() ? coverage.covered() : null)
			.param("coverageTotal", coverage.measured() ? coverage.total() : null)
			.param("coverageFormat", coverage.format())
			.param("coverageNote", coverage.note())
			.update();
		return byStepKey(stepKey).orElseThrow();
	}

	// The network policy needs a sandbox; without one it cannot be enforced, which the run says.
	private Sandbox confine(boolean networkAllowed) {
		if (!networkAllowed && this.sandbox instanceof BubblewrapSandbox bubblewrap) {
			return bubblewrap.withNetwork(false);
		}
		return this.sandbox;
	}

	private QualityGates.CommandOutcome runExtraCommand(Path workspace, QualityPolicy.ExtraCommand command,
			QualityPolicy policy, Duration timeout) {
		TestRun run = new TestRunner(confine(policy.networkAllowed())).run(workspace,
				new TestCommand(command.argv(), "custom", List.of()),
				Limits.defaults().withTimeout(timeout).withMaxOutputBytes(this.settings.maxOutputBytes()));
		if (run.cancelled()) {
			throw new QuantaPilotException.TransientFailure("extra command " + command.name() + " cancelled", null);
		}
		String output = run.output().replace("\u0000", "");
		String tail = output.length() > COMMAND_OUTPUT_TAIL ? "…" + output.substring(output.length() - COMMAND_OUTPUT_TAIL)
				: output;
		return new QualityGates.CommandOutcome(command.name(), command.command(), run.exitCode(), run.timedOut(),
				tail.strip());
	}

	private static CheatDetector.RunCounts counts(TestExecution execution) {
		if (execution == null || execution.total() < 0 || execution.skipped() < 0) {
			return CheatDetector.RunCounts.UNKNOWN;
		}
		return new CheatDetector.RunCounts(execution.total() - execution.skipped(), execution.skipped());
	}

	private static Map<String, Object> failure(TestFailure failure) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("name", failure.name());
		map.put("kind", failure.kind().name().toLowerCase(Locale.ROOT));
		map.put("message", failure.message());
		map.put("trace", failure.trace());
		return map;
	}

	/**
	 * The latest gate evaluation of a stage.
	 *
	 * @param projectId the project
	 * @param stage the stage
	 * @return the evaluation, or empty before the stage was first verified
	 */
	public Optional<QualityEvaluation> latestEvaluation(UUID projectId, int stage) {
		return this.evaluations.latest(projectId, stage);
	}

	/**
	 * Every gate evaluation of a project, oldest first.
	 *
	 * @param projectId the project
	 * @return the evaluations
	 */
	public List<QualityEvaluation> evaluations(UUID projectId) {
		return this.evaluations.forProject(projectId);
	}

	/**
	 * Records what a person decided about a stage's failed gates, on its latest evaluation.
	 *
	 * @param projectId the project
	 * @param stage the stage
	 * @param decision {@link QualityEvaluation#OVERRIDE}, {@link QualityEvaluation#RETRY} or
	 *     {@link QualityEvaluation#ABORT}
	 * @param actor who decided
	 * @param comments the reason or the guidance
	 * @return the updated evaluation
	 * @throws QuantaPilotException.NotFound when the stage was never evaluated
	 */
	public QualityEvaluation recordDecision(UUID projectId, int stage, String decision, String actor, String comments) {
		QualityEvaluation latest = latestEvaluation(projectId, stage)
			.orElseThrow(() -> new QuantaPilotException.NotFound("quality evaluation", projectId + "/stage-" + stage));
		return this.evaluations.recordDecision(latest.id(), decision, actor, comments);
	}

	/**
	 * What the developer's next attempt at a stage needs to know: the failed gates with their
	 * evidence, a person's latest guidance for the stage, and the failing tests' output. Empty when
	 * the stage's latest evaluation passed, or there is none.
	 *
	 * @param projectId the project
	 * @param stage the stage
	 * @return the report
	 */
	public Optional<String> developerReport(UUID projectId, int stage) {
		Optional<QualityEvaluation> latest = latestEvaluation(projectId, stage);
		if (latest.isEmpty() || latest.get().passed()) {
			return Optional.empty();
		}
		QualityEvaluation evaluation = latest.get();
		StringBuilder report = new StringBuilder(evaluation.report());
		// The person's guidance holds for every later attempt at the stage, not only the next one.
		this.evaluations.latestGuidance(projectId, stage)
			.ifPresent(guidance -> report.append("\nGuidance from ").append(guidance.decidedBy()).append(":\n")
				.append(guidance.decisionComments()).append('\n'));
		report.append("\nDo not delete, skip or weaken tests, and do not change test or coverage settings: "
				+ "the no_cheating gate compares this attempt with the previous one.\n");
		byId(evaluation.executionId()).ifPresent(execution -> {
			String output = execution.output() != null ? execution.output() : "";
			if (output.length() > MAX_DEVELOPER_OUTPUT) {
				output = "[… " + (output.length() - MAX_DEVELOPER_OUTPUT) + " characters left out …]\n"
						+ output.substring(output.length() - MAX_DEVELOPER_OUTPUT);
			}
			report.append("\nCommand: ").append(execution.command()).append("\nFailed: ").append(execution.failed())
				.append(", errors: ").append(execution.errors()).append('\n').append(output);
		});
		return Optional.of(report.toString());
	}

	public Optional<TestExecution> byStepKey(String stepKey) {
		return this.jdbc.sql("SELECT * FROM test_executions WHERE step_key = :key")
			.param("key", stepKey)
			.query(this::execution)
			.optional();
	}

	private Optional<TestExecution> byId(UUID id) {
		return this.jdbc.sql("SELECT * FROM test_executions WHERE id = :id").param("id", id).query(this::execution).optional();
	}

	public TestExecution get(UUID id) {
		return byId(id).orElseThrow(() -> new QuantaPilotException.NotFound("test execution", id));
	}

	public Optional<TestExecution> latest(UUID projectId, int stage) {
		return this.jdbc.sql("""
				SELECT * FROM test_executions WHERE project_id = :p AND stage_number = :s
				ORDER BY created_at DESC LIMIT 1""")
			.param("p", projectId)
			.param("s", stage)
			.query(this::execution)
			.optional();
	}

	public List<TestExecution> forProject(UUID projectId) {
		return this.jdbc.sql("SELECT * FROM test_executions WHERE project_id = :p ORDER BY created_at")
			.param("p", projectId)
			.query(this::execution)
			.list();
	}

	private TestExecution execution(ResultSet rs, int row) throws SQLException {
		int exit = rs.getInt("exit_code");
		Integer exitCode = rs.wasNull() ? null : exit;
		BigDecimal coverage = rs.getBigDecimal("coverage_percent");
		return new TestExecution(rs.getObject("id", UUID.class), rs.getObject("project_id", UUID.class),
				rs.getInt("stage_number"), rs.getString("step_key"), rs.getString("command"), rs.getString("ecosystem"),
				rs.getString("sandbox"), exitCode, rs.getBoolean("timed_out"), rs.getBoolean("passed"),
				rs.getInt("total"), rs.getInt("failed"), rs.getInt("errors"), rs.getInt("skipped"),
				this.json.readValue(rs.getString("failures"), LIST), rs.getString("output"), rs.getLong("duration_ms"),
				coverage, rs.getString("coverage_format"), rs.getString("coverage_note"),
				rs.getTimestamp("created_at").toInstant());
	}

}
