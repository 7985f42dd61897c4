package io.quantapilot.ops;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quantapilot.support.ApplicationIntegrationTest;
import io.quantapilot.support.Examples;
import io.quantapilot.support.QuantaPilotProcess;
import io.quantapilot.support.RunbookScripts;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RuntimeService;
import org.flowable.job.api.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runbook's health, smoke and workflow scripts run as separate processes against the running application,
 * the way an operator runs them: their output and, above all, their exit codes.
 */
class RunbookScriptsIntegrationTests extends ApplicationIntegrationTest {

	@TempDir
	Path tmp;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ManagementService management;

	@Autowired
	RuntimeService runtime;

	@Autowired
	TransactionTemplate tx;

	@Autowired
	com.zaxxer.hikari.HikariDataSource dataSource;

	private Map<String, String> server() {
		return Map.of("QP_URL", "http://localhost:" + port, "QP_API_KEY", ADMIN_KEY);
	}

	@Test
	void healthCheckAndWaitForHealthTrustTheExitCode() {
		RunbookScripts scripts = RunbookScripts.in(tmp);
		String url = "http://localhost:" + port;
		String dead = "http://localhost:" + QuantaPilotProcess.freePort();

		RunbookScripts.Result healthy = scripts.run("health-check.sh", Map.of(), url);
		assertThat(healthy.exit()).as(healthy.all()).isZero();
		assertThat(healthy.out()).contains("OK    " + url).containsPattern("(healthy|degraded) roles=");

		RunbookScripts.Result fromEnvironment = scripts.run("health-check.sh", Map.of("QP_URL", url));
		assertThat(fromEnvironment.exit()).as(fromEnvironment.all()).isZero();

		RunbookScripts.Result oneDown = scripts.run("health-check.sh", Map.of(), url, dead);
		assertThat(oneDown.exit()).isEqualTo(1);
		assertThat(oneDown.out()).contains("FAIL  " + dead).contains("unreachable");
		assertThat(oneDown.err()).contains("unhealthy: " + dead);

		RunbookScripts.Result waited = scripts.run("wait-for-health.sh", Map.of(), url, "--timeout", "20s");
		assertThat(waited.exit()).as(waited.all()).isZero();
		long start = System.nanoTime();
		RunbookScripts.Result timedOut = scripts.run("wait-for-health.sh", Map.of(), dead, "--timeout", "3s");
		assertThat(timedOut.exit()).isEqualTo(1);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
		assertThat(timedOut.err()).contains("waited 3s");

		RunbookScripts.Result unknown = scripts.run("wait-for-health.sh", Map.of(), "redis");
		assertThat(unknown.exit()).isEqualTo(2);
		assertThat(unknown.err()).contains("unknown service: redis");
		RunbookScripts.Result badTimeout = scripts.run("wait-for-health.sh", Map.of(), url, "--timeout", "soon");
		assertThat(badTimeout.exit()).isEqualTo(1);
		assertThat(badTimeout.err()).contains("--timeout must be a duration");
	}

	@Test
	void smokeTestPassesOnAWorkingServerAndFailsWithoutAccess() {
		RunbookScripts scripts = RunbookScripts.in(tmp);
		RunbookScripts.Result smoke = scripts.run("smoke-test.sh", server());
		assertThat(smoke.exit()).as(smoke.all()).isZero();
		assertThat(smoke.out()).contains("PASS  health")
			.contains("PASS  create project")
			.contains("PASS  plan decision")
			.contains("PASS  cancel project  cancelled")
			.contains("PASS  metrics")
			.contains("Smoke test passed");
		String id = smoke.out().lines().filter(l -> l.startsWith("PASS  create project")).findFirst().orElseThrow()
			.substring("PASS  create project  ".length());
		assertThat(api().get("/api/v1/projects/" + id).json().path("status").asString()).isEqualTo("cancelled");

		RunbookScripts.Result denied = scripts.run("smoke-test.sh", Map.of("QP_URL", "http://localhost:" + port,
				"QP_API_KEY", "qp_not_a_key_0000000000000000000000"));
		assertThat(denied.exit()).isEqualTo(1);
		assertThat(denied.out()).contains("FAIL  project").contains("401");
		assertThat(denied.err()).contains("smoke test failed");
	}

	@Test
	void verifyExportAndRestoreWorkflowDefinitions() throws Exception {
		RunbookScripts scripts = RunbookScripts.in(tmp);
		String shipped = new ClassPathResource("processes/project-lifecycle.bpmn20.xml")
			.getContentAsString(StandardCharsets.UTF_8);

		RunbookScripts.Result verified = scripts.run("verify-workflows.sh", server());
		assertThat(verified.exit()).as(verified.all()).isZero();
		assertThat(verified.out()).contains("project-lifecycle.bpmn20.xml").contains("match").contains("Workflows OK");

		Path export = tmp.resolve("export");
		RunbookScripts.Result exported = run(scripts, "workflows", "export", "--output", export.toString());
		assertThat(exported.exit()).as(exported.all()).isZero();
		assertThat(export.resolve("project-lifecycle.bpmn20.xml")).hasContent(shipped);

		// A changed definition deploys, and verify reports the difference with a failing exit code.
		Path changed = tmp.resolve("changed/project-lifecycle.bpmn20.xml");
		Files.createDirectories(changed.getParent());
		Files.writeString(changed, shipped.replaceFirst("\\?>", "?>\n<!-- changed by an operator -->"));
		RunbookScripts.Result imported = scripts.run("restore-workflows.sh", server(), changed.toString());
		assertThat(imported.exit()).as(imported.all()).isZero();
		assertThat(imported.out()).contains("Deployed project-lifecycle version");
		RunbookScripts.Result differs = scripts.run("verify-workflows.sh", server());
		assertThat(differs.exit()).isEqualTo(1);
		assertThat(differs.out()).contains("differs");
		assertThat(differs.err()).contains("found problems");

		// Invalid XML and unknown processes are refused and nothing is deployed.
		Path broken = tmp.resolve("broken.bpmn20.xml");
		Files.writeString(broken, shipped.substring(0, shipped.length() / 2));
		RunbookScripts.Result refused = scripts.run("restore-workflows.sh", server(), broken.toString());
		assertThat(refused.exit()).isEqualTo(1);
		assertThat(refused.err()).contains("400").contains("does not deploy");
		Path foreign = tmp.resolve("foreign.bpmn20.xml");
		Files.writeString(foreign, shipped.replace("id=\"project-lifecycle\"", "id=\"something-else\""));
		RunbookScripts.Result unknown = scripts.run("restore-workflows.sh", server(), foreign.toString());
		assertThat(unknown.exit()).isEqualTo(1);
		assertThat(unknown.err()).contains("a key this build runs");

		// Restoring the exported directory brings the shipped definition back.
		RunbookScripts.Result restored = scripts.run("restore-workflows.sh", server(), export.toString());
		assertThat(restored.exit()).as(restored.all()).isZero();
		RunbookScripts.Result again = scripts.run("verify-workflows.sh", server());
		assertThat(again.exit()).as(again.all()).isZero();

		RunbookScripts.Result noAdmin = scripts.run("verify-workflows.sh", Map.of("QP_URL", "http://localhost:" + port));
		assertThat(noAdmin.exit()).isEqualTo(1);
		assertThat(noAdmin.err()).contains("an API key is needed");
	}

	@Test
	void clearStuckListsAndRequeuesAHungWorkItem() {
		String id = createProject(Examples.readme("notes-cli-python"));
		awaitPendingDecision(id, "plan_approval", Duration.ofSeconds(120));
		// A worker hung in the intake step for two hours, still renewing its lease (the row is otherwise real).
		UUID item = jdbc.sql("SELECT id FROM work_items WHERE project_id = :p AND step = 'intake'")
			.param("p", UUID.fromString(id))
			.query(UUID.class)
			.single();
		jdbc.sql("""
				UPDATE work_items SET status = 'running', lease_owner = 'hung-worker', claimed_at = now() - interval '2 hours',
				    lease_expires_at = now() + interval '1 hour' WHERE id = :id""").param("id", item).update();
		RunbookScripts scripts = RunbookScripts.in(tmp);

		RunbookScripts.Result young = scripts.run("clear-stuck-executions.sh", server(), "--older-than", "3h", "--dry-run");
		assertThat(young.exit()).as(young.all()).isZero();
		assertThat(young.out()).doesNotContain(item.toString());

		RunbookScripts.Result dryRun = scripts.run("clear-stuck-executions.sh", server(), "--older-than", "1h", "--dry-run");
		assertThat(dryRun.exit()).as(dryRun.all()).isZero();
		assertThat(dryRun.out()).contains("work item " + item).contains("hung-worker").contains("nothing changed");
		assertThat(status(item)).isEqualTo("running");

		RunbookScripts.Result unconfirmed = scripts.run("clear-stuck-executions.sh", server(), "--older-than", "1h");
		assertThat(unconfirmed.exit()).isEqualTo(1);
		assertThat(unconfirmed.err()).contains("pass --yes");
		assertThat(status(item)).isEqualTo("running");

		RunbookScripts.Result cleared = scripts.run("clear-stuck-executions.sh", server(), "--older-than", "1h", "--yes");
		assertThat(cleared.exit()).as(cleared.all()).isZero();
		assertThat(cleared.out()).contains("Moved back to be retried: ").contains("1 work item(s)");
		String owner = jdbc.sql("SELECT coalesce(lease_owner, '') FROM work_items WHERE id = :id")
			.param("id", item)
			.query(String.class)
			.single();
		assertThat(owner).isNotEqualTo("hung-worker");
		assertThat(api().get("/api/v1/projects/" + id).json().path("status").asString()).isEqualTo("awaiting_approval");

		RunbookScripts.Result badAge = scripts.run("clear-stuck-executions.sh", server(), "--older-than", "yesterday");
		assertThat(badAge.exit()).isEqualTo(1);
		assertThat(badAge.err()).contains("--older-than must be a duration");
	}

	@Test
	void aDeadLetterJobFailsVerifyAndClearStuckMovesItBack() {
		String id = createProject(Examples.readme("notes-cli-python"));
		awaitPendingDecision(id, "plan_approval", Duration.ofSeconds(120));
		String instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(id).singleResult().getId();
		// The decision's timeout timer, made a job that failed all its retries (what an engine job whose
		// delegate keeps throwing becomes); one transaction, so the executor never sees it in between.
		String jobId = tx.execute(status -> {
			Job timer = management.createTimerJobQuery().processInstanceId(instance).singleResult();
			Job executable = management.moveTimerToExecutableJob(timer.getId());
			return management.moveJobToDeadLetterJob(executable.getId()).getId();
		});
		RunbookScripts scripts = RunbookScripts.in(tmp);

		RunbookScripts.Result verify = scripts.run("verify-workflows.sh", server());
		assertThat(verify.exit()).isEqualTo(1);
		assertThat(verify.out()).contains("dead-letter job " + jobId + " project " + id);
		assertThat(verify.err()).contains("1 dead-letter job(s)");

		RunbookScripts.Result cleared = scripts.run("clear-stuck-executions.sh", server(), "--yes");
		assertThat(cleared.exit()).as(cleared.all()).isZero();
		assertThat(cleared.out()).contains("dead-letter job " + jobId).contains("1 job(s)");
		// Back in the engine's hands as an executable job with fresh retries (this one keeps the timer's due
		// date, so the executor runs it when the timeout comes, as it would have).
		assertThat(management.createDeadLetterJobQuery().processInstanceId(instance).count()).isZero();
		List<Job> executable = management.createJobQuery().processInstanceId(instance).list();
		assertThat(executable).hasSize(1);
		assertThat(executable.get(0).getElementId()).isEqualTo("plan_approval_timeout");
		assertThat(executable.get(0).getRetries()).isEqualTo(3);
		RunbookScripts.Result again = scripts.run("verify-workflows.sh", server());
		assertThat(again.exit()).as(again.all()).isZero();
	}

	@Test
	void backupOfAnExternalDatabaseAndRestoreRefusedWhileRolesAreConnected() throws Exception {
		// The application's database reached as an external one (split mode), while the application runs.
		Map<String, String> external = Map.of("QP_DATABASE_URL", dataSource.getJdbcUrl(), "QP_DATABASE_USER",
				dataSource.getUsername());
		RunbookScripts scripts = RunbookScripts.in(tmp);
		Path archive = tmp.resolve("split.zip");
		RunbookScripts.Result backup = scripts.run("backup-system.sh", external, "--output", archive.toString(), "--data-dir",
				dataDir().toString());
		assertThat(backup.exit()).as(backup.all()).isZero();
		assertThat(backup.out()).contains("Database: external").contains("Backup written to");
		try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(archive.toFile())) {
			String dump = new String(zip.getInputStream(zip.getEntry("database.sql")).readAllBytes(),
					StandardCharsets.UTF_8);
			assertThat(dump).contains("CREATE TABLE public.projects").contains("CREATE TABLE public.act_ru_execution");
			String manifest = new String(zip.getInputStream(zip.getEntry("manifest.json")).readAllBytes(),
					StandardCharsets.UTF_8);
			assertThat(manifest).contains("\"mode\" : \"external\"").contains("\"path\" : \"database.sql\"");
		}

		long projects = jdbc.sql("SELECT count(*) FROM projects").query(Long.class).single();
		RunbookScripts.Result refused = scripts.run("restore-database.sh", external, archive.toString(), "--yes");
		assertThat(refused.exit()).isEqualTo(1);
		assertThat(refused.err()).contains("other session(s) are connected to the database");
		assertThat(jdbc.sql("SELECT count(*) FROM projects").query(Long.class).single()).isEqualTo(projects);

		RunbookScripts.Result exists = scripts.run("backup-system.sh", external, "--output", archive.toString());
		assertThat(exists.exit()).isEqualTo(1);
		assertThat(exists.err()).contains("exists already");
	}

	@Test
	void everyScriptHasHelpAndRefusesAMissingArgument() {
		RunbookScripts scripts = RunbookScripts.in(tmp);
		for (String script : new String[] { "health-check.sh", "wait-for-health.sh", "backup-system.sh",
				"restore-database.sh", "restore-system.sh", "smoke-test.sh", "verify-workflows.sh",
				"restore-workflows.sh", "clear-stuck-executions.sh" }) {
			RunbookScripts.Result help = scripts.run(script, Map.of("QUANTAPILOT", "/nonexistent/quantapilot"), "--help");
			assertThat(help.exit()).as(script).isZero();
			assertThat(help.out()).as(script).startsWith("Usage: scripts/" + script).contains("Exit codes:");
		}
		for (String script : new String[] { "restore-database.sh", "restore-system.sh", "restore-workflows.sh" }) {
			RunbookScripts.Result missing = scripts.run(script, Map.of());
			assertThat(missing.exit()).as(script).isEqualTo(2);
			assertThat(missing.err()).as(script).contains("Usage:");
		}
		RunbookScripts.Result noLauncher = scripts.run("verify-workflows.sh", Map.of("QUANTAPILOT", "/nonexistent/quantapilot"));
		assertThat(noLauncher.exit()).isEqualTo(1);
		assertThat(noLauncher.err()).contains("set QUANTAPILOT");
	}

	private String status(UUID item) {
		return jdbc.sql("SELECT status FROM work_items WHERE id = :id").param("id", item).query(String.class).single();
	}

	/** Runs {@code quantapilot <args>} through a script-less launcher call (workflows export has no script). */
	private RunbookScripts.Result run(RunbookScripts scripts, String... args) {
		return scripts.runLauncher(server(), args);
	}

}
