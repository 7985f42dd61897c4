package io.quantapilot.ops;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quantapilot.identity.SessionService;
import io.quantapilot.identity.UserRole;
import io.quantapilot.identity.UserService;
import io.quantapilot.ops.cli.RootCommand;
import io.quantapilot.support.Api;
import io.quantapilot.support.ApplicationIntegrationTest;
import io.quantapilot.support.Scripts;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runbook's scripts that talk to a server — keys, sessions, security audit, token usage, provider checks
 * and maintenance — run as processes against the running application with {@code QP_URL} and
 * {@code QP_API_KEY}, as an operator runs them.
 */
class AdminScriptsIntegrationTests extends ApplicationIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern SECRET = Pattern.compile("(qp_[A-Za-z0-9_-]{43})");

	private static final String PASSWORD = "a long script test password";

	@Autowired
	JdbcClient jdbc;

	@Autowired
	UserService users;

	@Autowired
	SessionService sessions;

	private Scripts.Result script(String name, String... args) {
		return Scripts.run(Scripts.script(name), dataDir(), env(ADMIN_KEY), args);
	}

	private Map<String, String> env(String key) {
		return Map.of("QP_URL", "http://localhost:" + port, "QP_API_KEY", key);
	}

	private int statusWith(String key) {
		return new Api("http://localhost:" + port, key).get("/api/v1/projects?limit=1").status();
	}

	private String createKey(String name, String... extra) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		String[] args = new String[6 + extra.length];
		System.arraycopy(new String[] { "keys", "create", "--name", name, "--url", "http://localhost:" + port }, 0, args, 0, 6);
		System.arraycopy(extra, 0, args, 6, extra.length);
		String[] withKey = java.util.Arrays.copyOf(args, args.length + 2);
		withKey[args.length] = "--api-key";
		withKey[args.length + 1] = ADMIN_KEY;
		int exit = RootCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), withKey);
		assertThat(exit).as(err.toString()).isZero();
		Matcher m = SECRET.matcher(out.toString());
		assertThat(m.find()).as(out.toString()).isTrue();
		return m.group(1);
	}

	private static String newSecret(String output) {
		Matcher m = Pattern.compile("new secret \\(shown once\\): (qp_\\S+)").matcher(output);
		assertThat(m.find()).as(output).isTrue();
		return m.group(1);
	}

	@Test
	void keysAreRotatedWithAGracePeriodOrAtOnceAndRevokedByPrefix() {
		String first = createKey("ops-rotation");
		String prefix = first.substring(0, 10);
		assertThat(statusWith(first)).isEqualTo(200);
		Scripts.Result list = Scripts.run(Scripts.script("rotate-api-keys.sh"), dataDir(), env(ADMIN_KEY));
		assertThat(list.exit()).as("no key given is a usage error").isEqualTo(2);

		Scripts.Result graceful = script("rotate-api-keys.sh", prefix, "--grace", "1h");
		assertThat(graceful.exit()).as(graceful.all()).isZero();
		String second = newSecret(graceful.out());
		assertThat(graceful.out()).contains(prefix + " ops-rotation (admin)").contains("1 key(s) rotated");
		assertThat(statusWith(first)).as("the old key works during the grace period").isEqualTo(200);
		assertThat(statusWith(second)).isEqualTo(200);

		Scripts.Result atOnce = script("rotate-api-keys.sh", second.substring(0, 10));
		assertThat(atOnce.exit()).as(atOnce.all()).isZero();
		String third = newSecret(atOnce.out());
		assertThat(statusWith(second)).as("without a grace period the old key is revoked").isEqualTo(401);
		assertThat(statusWith(third)).isEqualTo(200);

		// Listing never shows a secret.
		JsonNode keys = api().get("/api/v1/auth/keys?all=true").json();
		assertThat(keys.toString()).doesNotContain(first).doesNotContain(second).doesNotContain(third)
			.contains(third.substring(0, 10));

		Scripts.Result revoked = script("revoke-tokens.sh", third.substring(0, 10));
		assertThat(revoked.exit()).as(revoked.all()).isZero();
		assertThat(revoked.out()).contains("1 key(s) revoked");
		assertThat(statusWith(third)).isEqualTo(401);
		Scripts.Result again = script("revoke-tokens.sh", third.substring(0, 10));
		assertThat(again.exit()).as("revoking twice is not an error").isZero();
		assertThat(again.out()).contains("already revoked").contains("0 key(s) revoked");
		assertThat(script("revoke-tokens.sh", "qp_nosuchkey").exit()).isEqualTo(1);
		assertThat(script("revoke-tokens.sh").exit()).isEqualTo(2);

		Api.Response badGrace = api().post("/api/v1/auth/keys/" + UUID.randomUUID() + "/rotate",
				Map.of("grace_period", "forever"));
		assertThat(badGrace.status()).isEqualTo(400);
		assertThat(api().post("/api/v1/auth/keys", Map.of("name", "")).status()).isEqualTo(400);
		assertThat(api().post("/api/v1/auth/keys", Map.of("name", "x", "expires_in_days", 0)).status()).isEqualTo(400);
	}

	@Test
	void revokeTokensEndsAUsersKeysAndSessionsAndOnRequestEverySession() {
		String suspect = "ops-suspect-" + UUID.randomUUID().toString().substring(0, 8);
		String bystander = "ops-bystander-" + UUID.randomUUID().toString().substring(0, 8);
		users.create(suspect, PASSWORD, UserRole.OPERATOR, "test");
		users.create(bystander, PASSWORD, UserRole.OPERATOR, "test");
		Api.Response created = api().post("/api/v1/auth/keys", Map.of("name", "suspect key", "username", suspect));
		assertThat(created.status()).isEqualTo(201);
		String suspectKey = created.json().path("secret").asString();
		assertThat(statusWith(suspectKey)).isEqualTo(200);
		// Operators may not manage keys.
		assertThat(new Api("http://localhost:" + port, suspectKey).get("/api/v1/auth/keys").status()).isEqualTo(403);
		UUID suspectSession = ((SessionService.SignedIn) sessions.signIn(suspect, PASSWORD, "10.0.0.1", "test"))
			.session().id();
		UUID bystanderSession = ((SessionService.SignedIn) sessions.signIn(bystander, PASSWORD, "10.0.0.2", "test"))
			.session().id();

		Scripts.Result user = script("revoke-tokens.sh", "--user", suspect);
		assertThat(user.exit()).as(user.all()).isZero();
		assertThat(user.out()).contains("ended 1 dashboard session(s) of " + suspect).contains("1 key(s) revoked");
		assertThat(sessions.isLive(suspectSession)).isFalse();
		assertThat(sessions.isLive(bystanderSession)).isTrue();
		assertThat(statusWith(suspectKey)).isEqualTo(401);
		assertThat(statusWith(ADMIN_KEY)).isEqualTo(200);

		Scripts.Result everyone = script("revoke-tokens.sh", "--all-sessions", "--json");
		assertThat(everyone.exit()).as(everyone.all()).isZero();
		assertThat(JSON.readTree(everyone.out()).path("sessions").path("revoked").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(sessions.isLive(bystanderSession)).isFalse();
		assertThat(script("revoke-tokens.sh", "--user", "nobody-" + UUID.randomUUID()).exit()).isEqualTo(1);
	}

	@Test
	void securityAuditShowsLockoutsFailedSignInsAndKeysNeedingAttention() {
		String target = "ops-target-" + UUID.randomUUID().toString().substring(0, 8);
		users.create(target, PASSWORD, UserRole.VIEWER, "test");
		for (int i = 0; i < 5; i++) {
			sessions.signIn(target, "wrong password " + i, "203.0.113." + i, "test");
		}
		String expiring = createKey("ops-expiring", "--expires-in-days", "3");

		Scripts.Result audit = script("security-audit.sh", "--period", "1h");
		assertThat(audit.exit()).as(audit.all()).isZero();
		assertThat(audit.out()).contains("Lockouts:").contains(target).containsPattern(target + "\\s+5 attempt\\(s\\) from 5")
			.contains(expiring.substring(0, 10)).contains("Administrators:").contains("admin");
		assertThat(audit.all()).doesNotContain(expiring);
		Scripts.Result strict = script("security-audit.sh", "--period", "1h", "--strict");
		assertThat(strict.exit()).as("lockouts and expiring keys need attention").isEqualTo(1);
		JsonNode json = JSON.readTree(script("security-audit.sh", "--json").out());
		assertThat(json.path("lockouts")).anySatisfy(e -> assertThat(e.path("target_id").asString()).isEqualTo(target));
		assertThat(json.path("actions").path("user.locked_out").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(script("security-audit.sh", "--period", "forever").exit()).isEqualTo(1);
		Scripts.Result refused = Scripts.run(Scripts.script("security-audit.sh"), dataDir(), env("qp_not_a_key_at_all_0123456789"));
		assertThat(refused.exit()).isEqualTo(1);
		assertThat(refused.err()).contains("401");
	}

	@Test
	void tokenUsageIsReportedGroupedAsAsked() {
		UUID project = UUID.randomUUID();
		jdbc.sql("INSERT INTO projects (id, name, slug, readme, status) VALUES (:id, 'usage', 'usage', '# usage', 'completed')")
			.param("id", project)
			.update();
		insertRun(project, "architect", "ops-model-a", 1000, 200, "0.0100", Instant.now().minus(Duration.ofHours(2)));
		insertRun(project, "developer", "ops-model-b", 3000, 800, "0.0500", Instant.now().minus(Duration.ofHours(1)));
		insertRun(project, "developer", "ops-model-b", 500, 100, "0.0070", Instant.now().minus(Duration.ofDays(40)));

		Scripts.Result byRole = script("analyze-token-usage.sh", "--project", project.toString());
		assertThat(byRole.exit()).as(byRole.all()).isZero();
		assertThat(byRole.out()).containsPattern("architect\\s+1\\s+1000\\s+200\\s+0\\s+1200\\s+0\\.0100")
			.containsPattern("developer\\s+1\\s+3000\\s+800\\s+0\\s+3800\\s+0\\.0500")
			.containsPattern("TOTAL\\s+5000\\s+0\\.0600");
		JsonNode byModel = JSON.readTree(script("analyze-token-usage.sh", "--project", project.toString(), "--since",
				"90d", "--group-by", "model", "--json").out());
		assertThat(byModel.path("total_tokens").asLong()).isEqualTo(5600);
		assertThat(byModel.path("groups")).extracting(g -> g.path("group").asString())
			.containsExactly("ops-model-a", "ops-model-b");
		String since = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
		JsonNode byDay = JSON.readTree(script("analyze-token-usage.sh", "--project", project.toString(), "--since",
				since, "--group-by", "day", "--json").out());
		assertThat(byDay.path("total_tokens").asLong()).isEqualTo(5000);
		assertThat(script("analyze-token-usage.sh", "--group-by", "colour").exit()).isEqualTo(2);
		assertThat(script("analyze-token-usage.sh", "--since", "last week").exit()).isEqualTo(2);
	}

	@Test
	void verifyApiKeysReportsTheProvidersAndFailsOnARefusedKey() {
		boolean allOk = true;
		for (JsonNode p : api().get("/api/v1/agents/providers").json().path("providers")) {
			allOk &= p.path("ok").asBoolean();
		}
		Scripts.Result verify = script("verify-api-keys.sh");
		assertThat(verify.out()).contains("✓ offline");
		assertThat(verify.exit()).as(verify.all()).isEqualTo(allOk ? 0 : 1);
		Scripts.Result refused = Scripts.run(Scripts.script("verify-api-keys.sh"), dataDir(),
				env("qp_not_a_key_at_all_0123456789"));
		assertThat(refused.exit()).isEqualTo(1);
		assertThat(refused.err()).contains("401");
	}

	@Test
	void maintenanceDeletesWhatOutlivedItsRetentionKeepsTheRestAndRemovesOldWorkspacesWeekly() throws Exception {
		Instant now = Instant.now();
		UUID admin = users.findId("admin").orElseThrow();
		UUID oldSession = session(admin, now.minus(Duration.ofDays(41)), now.minus(Duration.ofDays(40)), null);
		UUID recentEnded = session(admin, now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(2)));
		UUID live = session(admin, now, now.plus(Duration.ofHours(2)), null);
		String oldCode = linkCode(admin, now.minus(Duration.ofDays(10)));
		String recentCode = linkCode(admin, now.minus(Duration.ofDays(1)));
		UUID oldEvent = notification(now.minus(Duration.ofDays(40)), "delivered");
		UUID recentEvent = notification(now.minus(Duration.ofDays(5)), "delivered");
		UUID stuckEvent = notification(now.minus(Duration.ofDays(40)), "pending");
		UUID project = UUID.randomUUID();
		jdbc.sql("INSERT INTO projects (id, name, slug, readme, status) VALUES (:id, 'm', 'm', '# m', 'completed')")
			.param("id", project)
			.update();
		UUID oldRun = insertRun(project, "developer", "offline", 0, 0, "0", now.minus(Duration.ofDays(100)));
		UUID recentRun = insertRun(project, "developer", "offline", 0, 0, "0", now.minus(Duration.ofDays(1)));
		for (UUID run : new UUID[] { oldRun, recentRun }) {
			jdbc.sql("INSERT INTO agent_run_events (run_id, seq, type, message) VALUES (:r, 1, 'log', 'hello')")
				.param("r", run)
				.update();
		}
		String oldItem = workItem(project, "ended-" + UUID.randomUUID(), now.minus(Duration.ofDays(100)));
		String recentItem = workItem(project, "ended-" + UUID.randomUUID(), now.minus(Duration.ofDays(1)));
		// A project waiting for its plan approval: its process runs, so its old work items must stay.
		String waiting = createProject(io.quantapilot.support.Examples.readme("notes-cli-python"));
		awaitPendingDecision(waiting, "plan_approval", Duration.ofSeconds(90));
		String instance = api().get("/api/v1/projects/" + waiting + "/workflow").json().path("workflow_id").asString();
		assertThat(instance).isNotBlank();
		String runningItem = workItem(UUID.fromString(waiting), instance, now.minus(Duration.ofDays(100)));
		String oldDelivery = "ops-" + UUID.randomUUID();
		String recentDelivery = "ops-" + UUID.randomUUID();
		for (String[] d : new String[][] { { oldDelivery, "40" }, { recentDelivery, "1" } }) {
			jdbc.sql("INSERT INTO github_webhook_deliveries (delivery_id, event, received_at) VALUES (:id, 'ping', :at)")
				.param("id", d[0])
				.param("at", Timestamp.from(now.minus(Duration.ofDays(Long.parseLong(d[1])))))
				.update();
		}
		UUID finishedLongAgo = finishedProject("cancelled", now.minus(Duration.ofDays(20)));
		UUID completedLongAgo = finishedProject("completed", now.minus(Duration.ofDays(30)));
		UUID finishedRecently = finishedProject("cancelled", now.minus(Duration.ofDays(2)));
		UUID failedLongAgo = finishedProject("failed", now.minus(Duration.ofDays(30)));

		Scripts.Result daily = script("daily-maintenance.sh");
		assertThat(daily.exit()).as(daily.all()).isZero();
		assertThat(daily.out()).contains("identity.user_sessions").contains("notifications.outbox")
			.contains("agents.run_events").contains("workflow.work_items").contains("forge.github_webhook_deliveries")
			.contains("database: ANALYZE").contains("workspaces removed: 0");
		assertThat(exists("user_sessions", "id", oldSession)).isFalse();
		assertThat(exists("user_sessions", "id", recentEnded)).isTrue();
		assertThat(exists("user_sessions", "id", live)).isTrue();
		assertThat(exists("telegram_link_codes", "code_hash", oldCode)).isFalse();
		assertThat(exists("telegram_link_codes", "code_hash", recentCode)).isTrue();
		assertThat(exists("notification_events", "id", oldEvent)).isFalse();
		assertThat(exists("notification_outbox", "event_id", oldEvent)).isFalse();
		assertThat(exists("notification_events", "id", recentEvent)).isTrue();
		assertThat(exists("notification_outbox", "event_id", stuckEvent)).as("undelivered stays").isTrue();
		assertThat(exists("agent_run_events", "run_id", oldRun)).isFalse();
		assertThat(exists("agent_runs", "id", oldRun)).as("the ledger stays").isTrue();
		assertThat(exists("agent_run_events", "run_id", recentRun)).isTrue();
		assertThat(exists("work_items", "step_key", oldItem)).isFalse();
		assertThat(exists("work_items", "step_key", recentItem)).isTrue();
		assertThat(exists("work_items", "step_key", runningItem)).as("a running process keeps its work items").isTrue();
		assertThat(exists("github_webhook_deliveries", "delivery_id", oldDelivery)).isFalse();
		assertThat(exists("github_webhook_deliveries", "delivery_id", recentDelivery)).isTrue();
		assertThat(workspace(finishedLongAgo)).as("daily leaves workspaces alone").isDirectory();

		JsonNode weekly = JSON.readTree(script("weekly-maintenance.sh", "--json").out());
		assertThat(weekly.path("database").path("command").asString()).isEqualTo("VACUUM (ANALYZE)");
		assertThat(weekly.path("workspaces").path("removed").asLong()).isGreaterThanOrEqualTo(2);
		assertThat(weekly.path("workspaces").path("removed_bytes").asLong()).isGreaterThanOrEqualTo(2 * 1000);
		assertThat(workspace(finishedLongAgo)).doesNotExist();
		assertThat(workspace(completedLongAgo)).doesNotExist();
		assertThat(workspace(finishedRecently)).isDirectory();
		assertThat(workspace(failedLongAgo)).as("a failed project may be retried").isDirectory();
		assertThat(weekly.path("purged")).extracting(p -> p.path("what").asString())
			.contains("identity.user_sessions", "notifications.outbox", "notifications.telegram_link_codes",
					"agents.run_events", "workflow.work_items", "forge.github_webhook_deliveries", "ops.event_publications");
		// Idempotent: a second run right after deletes nothing more.
		JsonNode second = JSON.readTree(script("weekly-maintenance.sh", "--json").out());
		assertThat(second.path("workspaces").path("removed").asLong()).isZero();
		for (JsonNode p : second.path("purged")) {
			// Failed sign-ins age out by the minute (lockout window plus an hour), so a long test run may cross it.
			if (!p.path("what").asString().equals("identity.failed_sign_ins")) {
				assertThat(p.path("deleted").asLong()).as(p.toString()).isZero();
			}
		}
		assertThat(exists("user_sessions", "id", recentEnded)).isTrue();
		assertThat(exists("work_items", "step_key", recentItem)).isTrue();

		String operatorName = "ops-operator-" + UUID.randomUUID().toString().substring(0, 8);
		users.create(operatorName, PASSWORD, UserRole.OPERATOR, "test");
		String operatorKey = api().post("/api/v1/auth/keys", Map.of("name", "operator", "username", operatorName))
			.json().path("secret").asString();
		Scripts.Result refused = Scripts.run(Scripts.script("daily-maintenance.sh"), dataDir(), env(operatorKey));
		assertThat(refused.exit()).isEqualTo(1);
		assertThat(refused.err()).contains("403");
		assertThat(api().post("/api/v1/admin/maintenance/hourly", Map.of()).status()).isEqualTo(400);
		api().delete("/api/v1/projects/" + waiting);
	}

	private UUID insertRun(UUID project, String role, String model, long in, long out, String cost, Instant at) {
		UUID id = UUID.randomUUID();
		jdbc.sql("""
				INSERT INTO agent_runs (id, project_id, role, provider, model, step_key, status, input_tokens,
				    output_tokens, estimated, cost_usd, started_at, finished_at)
				VALUES (:id, :p, :role, 'openai', :model, :key, 'succeeded', :in, :out, FALSE, CAST(:cost AS numeric), :at, :at)""")
			.param("id", id)
			.param("p", project)
			.param("role", role)
			.param("model", model)
			.param("key", "ops-test:" + id)
			.param("in", in)
			.param("out", out)
			.param("cost", cost)
			.param("at", Timestamp.from(at))
			.update();
		return id;
	}

	private UUID session(UUID user, Instant created, Instant expires, Instant revoked) {
		UUID id = UUID.randomUUID();
		jdbc.sql("""
				INSERT INTO user_sessions (id, token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, revoked_at)
				VALUES (:id, :hash, :user, 'csrf', :created, :created, :expires, :revoked)""")
			.param("id", id)
			.param("hash", id.toString().replace("-", ""))
			.param("user", user)
			.param("created", Timestamp.from(created))
			.param("expires", Timestamp.from(expires))
			.param("revoked", revoked != null ? Timestamp.from(revoked) : null)
			.update();
		return id;
	}

	private String linkCode(UUID user, Instant expired) {
		String hash = UUID.randomUUID().toString().replace("-", "");
		jdbc.sql("""
				INSERT INTO telegram_link_codes (code_hash, user_id, created_by, created_at, expires_at)
				VALUES (:h, :u, 'test', :at, :at)""")
			.param("h", hash)
			.param("u", user)
			.param("at", Timestamp.from(expired))
			.update();
		return hash;
	}

	private UUID notification(Instant at, String status) {
		UUID event = UUID.randomUUID();
		jdbc.sql("""
				INSERT INTO notification_events (id, source, occurred_at, dispatched_at) VALUES (:id, 'test', :at, :at)""")
			.param("id", event)
			.param("at", Timestamp.from(at))
			.update();
		jdbc.sql("""
				INSERT INTO notification_outbox (id, event_id, event, channel, recipient, payload, status, max_attempts,
				    created_at, updated_at, available_at)
				VALUES (:id, :e, 'project.created', 'webhook', :r, '{}', :status, 3, :at, :at, :future)""")
			.param("id", UUID.randomUUID())
			.param("e", event)
			.param("r", "ops-test-" + event)
			.param("status", status)
			.param("at", Timestamp.from(at))
			// Far in the future, so the running delivery loop leaves the pending row alone.
			.param("future", Timestamp.from(Instant.now().plus(Duration.ofDays(365))))
			.update();
		return event;
	}

	private String workItem(UUID project, String processInstance, Instant at) {
		String key = "ops-test:" + UUID.randomUUID();
		jdbc.sql("""
				INSERT INTO work_items (id, step_key, project_id, process_instance_id, activity_id, execution_id, step,
				    status, created_at, updated_at)
				VALUES (:id, :key, :p, :pi, 'implement', 'x', 'implement', 'delivered', :at, :at)""")
			.param("id", UUID.randomUUID())
			.param("key", key)
			.param("p", project)
			.param("pi", processInstance)
			.param("at", Timestamp.from(at))
			.update();
		return key;
	}

	private UUID finishedProject(String status, Instant finished) throws Exception {
		UUID id = UUID.randomUUID();
		jdbc.sql("""
				INSERT INTO projects (id, name, slug, readme, status, created_at, updated_at, completed_at)
				VALUES (:id, 'w', 'w', '# w', :status, :at, :at, :completed)""")
			.param("id", id)
			.param("status", status)
			.param("at", Timestamp.from(finished))
			.param("completed", "completed".equals(status) ? Timestamp.from(finished) : null)
			.update();
		Path dir = Files.createDirectories(workspace(id).resolve("src"));
		Files.write(dir.resolve("Main.java"), new byte[1000]);
		return id;
	}

	private Path workspace(UUID project) {
		return dataDir().resolve("workspaces").resolve(project.toString());
	}

	private boolean exists(String table, String column, Object value) {
		return jdbc.sql("SELECT count(*) FROM " + table + " WHERE " + column + " = :v")
			.param("v", value)
			.query(Long.class)
			.single() > 0;
	}

}
