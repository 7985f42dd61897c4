package io.quantapilot.quality;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.quantapilot.common.QuantaPilotException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Runs a generated project's real tests (sandboxed where the host allows) and stores each execution. One
 * execution per step key: a retried verify step returns the stored result instead of running again.
 */
@Service
public class QualityService {

	private static final Logger log = LoggerFactory.getLogger(QualityService.class);

	private static final TypeReference<List<Map<String, Object>>> LIST = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final TestCommandDetector detector = new TestCommandDetector();

	private final TestRunner runner;

	private final QualitySettings settings;

	QualityService(JdbcClient jdbc, JsonMapper json, QualitySettings settings) {
		this.jdbc = jdbc;
		this.json = json;
		this.settings = settings;
		this.runner = new TestRunner(sandbox(settings.sandbox()));
		log.info("Generated projects' tests run with sandbox: {}", runner.sandbox().name());
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
		return runner.sandbox().name();
	}

	public TestExecution runTests(UUID projectId, int stage, String stepKey, Path workspace, Duration timeout) {
		Optional<TestExecution> earlier = byStepKey(stepKey);
		if (earlier.isPresent()) {
			return earlier.get();
		}
		Optional<TestCommand> command = detector.detect(workspace);
		TestRun run;
		String commandLine;
		String ecosystem;
		if (command.isEmpty()) {
			commandLine = "(none detected)";
			ecosystem = null;
			run = null;
		}
		else {
			commandLine = String.join(" ", command.get().argv());
			ecosystem = command.get().ecosystem();
			run = runner.run(workspace, command.get(), Limits.defaults().withTimeout(timeout)
				.withMaxOutputBytes(settings.maxOutputBytes()));
			if (run.cancelled()) {
				throw new QuantaPilotException.TransientFailure("test run cancelled", null);
			}
		}
		UUID id = UUID.randomUUID();
		TestSummary summary = run != null ? run.summary() : TestSummary.unknown();
		List<Map<String, Object>> failures = summary.failures().stream().map(QualityService::failure).toList();
		jdbc.sql("""
				INSERT INTO test_executions (id, project_id, stage_number, step_key, command, ecosystem, sandbox,
				    exit_code, timed_out, passed, total, failed, errors, skipped, failures, output, duration_ms)
				VALUES (:id, :project, :stage, :key, :command, :ecosystem, :sandbox, :exit, :timedOut, :passed,
				    :total, :failed, :errors, :skipped, CAST(:failures AS jsonb), :output, :duration)
				ON CONFLICT (step_key) DO NOTHING""")
			.param("id", id)
			.param("project", projectId)
			.param("stage", stage)
			.param("key", stepKey)
			.param("command", commandLine)
			.param("ecosystem", ecosystem)
			.param("sandbox", run != null ? run.sandbox() : runner.sandbox().name())
			.param("exit", run != null ? run.exitCode() : null)
			.param("timedOut", run != null && run.timedOut())
			.param("passed", run != null && run.passed())
			.param("total", summary.total())
			.param("failed", summary.failed())
			.param("errors", summary.errors())
			.param("skipped", summary.skipped())
			.param("failures", json.writeValueAsString(failures))
			.param("output", run != null ? run.output().replace("\u0000", "")
					: "No test command was detected in the workspace (no pom.xml, package.json, Python tests, go.mod…)")
			.param("duration", run != null ? run.duration().toMillis() : 0)
			.update();
		return byStepKey(stepKey).orElseThrow();
	}

	private static Map<String, Object> failure(TestFailure failure) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("name", failure.name());
		map.put("kind", failure.kind().name().toLowerCase(java.util.Locale.ROOT));
		map.put("message", failure.message());
		map.put("trace", failure.trace());
		return map;
	}

	public Optional<TestExecution> byStepKey(String stepKey) {
		return jdbc.sql("SELECT * FROM test_executions WHERE step_key = :key")
			.param("key", stepKey)
			.query(this::execution)
			.optional();
	}

	public TestExecution get(UUID id) {
		return jdbc.sql("SELECT * FROM test_executions WHERE id = :id")
			.param("id", id)
			.query(this::execution)
			.optional()
			.orElseThrow(() -> new QuantaPilotException.NotFound("test execution", id));
	}

	public Optional<TestExecution> latest(UUID projectId, int stage) {
		return jdbc.sql("""
				SELECT * FROM test_executions WHERE project_id = :p AND stage_number = :s
				ORDER BY created_at DESC LIMIT 1""")
			.param("p", projectId)
			.param("s", stage)
			.query(this::execution)
			.optional();
	}

	public List<TestExecution> forProject(UUID projectId) {
		return jdbc.sql("SELECT * FROM test_executions WHERE project_id = :p ORDER BY created_at")
			.param("p", projectId)
			.query(this::execution)
			.list();
	}

	private TestExecution execution(ResultSet rs, int row) throws SQLException {
		int exit = rs.getInt("exit_code");
		Integer exitCode = rs.wasNull() ? null : exit;
		return new TestExecution(rs.getObject("id", UUID.class), rs.getObject("project_id", UUID.class),
				rs.getInt("stage_number"), rs.getString("step_key"), rs.getString("command"), rs.getString("ecosystem"),
				rs.getString("sandbox"), exitCode, rs.getBoolean("timed_out"), rs.getBoolean("passed"),
				rs.getInt("total"), rs.getInt("failed"), rs.getInt("errors"), rs.getInt("skipped"),
				json.readValue(rs.getString("failures"), LIST), rs.getString("output"), rs.getLong("duration_ms"),
				rs.getTimestamp("created_at").toInstant());
	}

}
