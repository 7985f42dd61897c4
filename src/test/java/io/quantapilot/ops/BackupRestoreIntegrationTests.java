package io.quantapilot.ops;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;
import io.quantapilot.support.Api;
import io.quantapilot.support.Examples;
import io.quantapilot.support.QuantaPilotProcess;
import io.quantapilot.support.RunbookScripts;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backup and restore through the runbook's scripts, against a real server process: one completed project and
 * one waiting for plan approval are backed up while the server runs; the data directory is wiped; a corrupted
 * archive is refused without touching anything; the real archive is restored, and the restarted server has
 * the projects, the decision, the API key and the waiting workflow, which completes after approval.
 */
class BackupRestoreIntegrationTests {

	private static final String KEY = "qp_backup_tests_admin_key_0123456789abcdef";

	private static final String WEBHOOK_SECRET = "backup-tests-webhook-secret-0123";

	private static final String OTHER_KEY = "qp_backup_tests_other_key_0123456789abcdef";

	@TempDir
	Path tmp;

	@Test
	void backupWipeRestoreAndTheWaitingWorkflowCompletes() throws Exception {
		Path data = tmp.resolve("data");
		Path env = tmp.resolve(".env");
		Files.writeString(env, "QP_TELEGRAM_BOT_TOKEN=123456:very-secret-token\n");
		int port = QuantaPilotProcess.freePort();
		QuantaPilotProcess server = QuantaPilotProcess.server(data, port, KEY);
		Api api = new Api("http://localhost:" + port, KEY);
		// The first start's admin key is stored by a runner that may finish just after /health answers.
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/projects").status() == 200);
		// A webhook whose secret is stored encrypted under the master key: deliveries after the restore are
		// signed with it only if the key came back with the database.
		HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		List<String[]> deliveries = new CopyOnWriteArrayList<>();
		hook.createContext("/hook", exchange -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			deliveries.add(new String[] { exchange.getRequestHeaders().getFirst("X-QuantaPilot-Signature"), body });
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		hook.start();
		Api.Response webhook = api.post("/api/v1/webhooks", Map.of("url",
				"http://127.0.0.1:" + hook.getAddress().getPort() + "/hook", "events", List.of("project.completed"),
				"secret", WEBHOOK_SECRET));
		assertThat(webhook.status()).as(webhook.body()).isEqualTo(201);

		String done = create(api, "notes-cli-python");
		approve(api, awaitDecision(api, done));
		awaitStatus(api, done, "completed");
		String waiting = create(api, "notes-cli-python");
		JsonNode decision = awaitDecision(api, waiting);
		byte[] masterKey = Files.readAllBytes(data.resolve("secrets/master.key"));

		RunbookScripts scripts = RunbookScripts.in(tmp);
		Path archive = tmp.resolve("backups/nightly.zip");
		RunbookScripts.Result backup = scripts.run("backup-system.sh", Map.of(), "--output", archive.toString(), "--data-dir",
				data.toString());
		assertThat(backup.exit()).as(backup.all()).isZero();
		assertThat(backup.out()).contains("Backup written to").contains("embedded (server running)");
		assertThat(backup.all()).doesNotContain("very-secret-token");
		assertThat(Files.getPosixFilePermissions(archive)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		List<String> entries = entries(archive);
		assertThat(entries).contains("manifest.json", "database.sql", "workflows/project-lifecycle.bpmn20.xml",
				"config/.env", "secrets/master.key");
		assertThat(entries).anyMatch(e -> e.startsWith("repos/") && e.endsWith("/HEAD"));

		// A restore while the server owns the data directory is refused.
		RunbookScripts.Result busy = scripts.run("restore-system.sh", Map.of(), archive.toString(), "--yes", "--data-dir",
				data.toString());
		assertThat(busy.exit()).isNotZero();
		assertThat(busy.err()).contains("in use by a running QuantaPilot server");

		assertThat(server.terminate()).as(server.output()).isIn(0, 143);
		deleteTree(data);
		Files.delete(env);

		// A corrupted archive is refused before anything is created.
		Path corrupted = tmp.resolve("corrupted.zip");
		corrupt(archive, corrupted, "database.sql");
		RunbookScripts.Result refused = scripts.run("restore-system.sh", Map.of(), corrupted.toString(), "--yes",
				"--data-dir", data.toString());
		assertThat(refused.exit()).isNotZero();
		assertThat(refused.err()).contains("is corrupted, nothing was changed").contains("database.sql has checksum");
		assertThat(data.resolve("postgres")).doesNotExist();
		assertThat(data.resolve("repos")).doesNotExist();

		RunbookScripts.Result restore = scripts.run("restore-system.sh", Map.of(), archive.toString(), "--data-dir",
				data.toString());
		assertThat(restore.exit()).as(restore.all()).isZero();
		assertThat(restore.out()).contains("checksums match").contains("Database restored").contains("Restore complete");
		assertThat(Files.readAllBytes(data.resolve("secrets/master.key"))).isEqualTo(masterKey);
		assertThat(Files.getPosixFilePermissions(data.resolve("secrets/master.key")))
			.isEqualTo(PosixFilePermissions.fromString("rw-------"));
		assertThat(env).hasContent("QP_TELEGRAM_BOT_TOKEN=123456:very-secret-token");

		// Restoring over a database that holds data needs --yes (no terminal to ask on).
		RunbookScripts.Result unconfirmed = scripts.run("restore-database.sh", Map.of(), archive.toString(), "--data-dir",
				data.toString());
		assertThat(unconfirmed.exit()).isNotZero();
		assertThat(unconfirmed.err()).contains("pass --yes");
		RunbookScripts.Result databaseOnly = scripts.run("restore-database.sh", Map.of(), archive.toString(), "--yes",
				"--data-dir", data.toString());
		assertThat(databaseOnly.exit()).as(databaseOnly.all()).isZero();
		assertThat(databaseOnly.out()).contains("Database restored").doesNotContain("Repositories restored");

		// A different admin key in the environment changes nothing: the keys are the restored ones.
		server = QuantaPilotProcess.server(data, port, OTHER_KEY);
		assertThat(api.withKey(OTHER_KEY).get("/api/v1/projects").status()).isEqualTo(401);
		assertThat(api.get("/api/v1/projects/" + done).json().path("status").asString()).isEqualTo("completed");
		assertThat(api.get("/api/v1/projects/" + waiting).json().path("status").asString())
			.isEqualTo("awaiting_approval");
		JsonNode restored = api.get("/api/v1/hitl/decisions/" + decision.path("decision_id").asString()).json();
		assertThat(restored.path("status").asString()).isEqualTo("pending");
		assertThat(restored.path("type").asString()).isEqualTo("plan_approval");

		approve(api, restored);
		awaitStatus(api, waiting, "completed");
		Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> deliveries.stream()
			.anyMatch(d -> d[1].contains(waiting) && d[1].contains("project.completed")));
		for (String[] delivery : deliveries) {
			assertThat(delivery[0]).isEqualTo("sha256=" + hmac(WEBHOOK_SECRET, delivery[1]));
		}
		server.terminate();
		hook.stop(0);
	}

	private static String hmac(String secret, String body) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
	}

	private static String create(Api api, String example) {
		Api.Response response = api.post("/api/v1/projects", Api.readmeBody(Examples.readme(example)));
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response.json().path("project_id").asString();
	}

	private static JsonNode awaitDecision(Api api, String id) {
		JsonNode[] decision = new JsonNode[1];
		Awaitility.await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(300)).until(() -> {
			JsonNode list = api.get("/api/v1/hitl/decisions?status=pending&project_id=" + id).json().path("decisions");
			decision[0] = list.size() > 0 ? list.get(0) : null;
			return decision[0] != null;
		});
		return decision[0];
	}

	private static void approve(Api api, JsonNode decision) {
		Api.Response response = api.post("/api/v1/hitl/decisions/" + decision.path("decision_id").asString(),
				Map.of("decision", "approve"));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

	private static void awaitStatus(Api api, String id, String status) {
		Awaitility.await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofMillis(500)).until(() -> {
			String now = api.get("/api/v1/projects/" + id).json().path("status").asString();
			assertThat(now).isNotIn("failed", "cancelled");
			return status.equals(now);
		});
	}

	private static List<String> entries(Path archive) throws IOException {
		try (ZipFile zip = new ZipFile(archive.toFile())) {
			return Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
		}
	}

	/** Copies the archive with one byte of {@code name} changed, the manifest untouched. */
	private static void corrupt(Path archive, Path target, String name) throws IOException {
		try (ZipFile zip = new ZipFile(archive.toFile());
				ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
			for (ZipEntry entry : Collections.list(zip.entries())) {
				byte[] content;
				try (InputStream in = zip.getInputStream(entry)) {
					content = in.readAllBytes();
				}
				if (entry.getName().equals(name)) {
					content[content.length / 2] ^= 0x20;
				}
				out.putNextEntry(new ZipEntry(entry.getName()));
				out.write(content);
				out.closeEntry();
			}
		}
	}

	private static void deleteTree(Path dir) throws IOException {
		List<Path> paths = new ArrayList<>();
		try (Stream<Path> walk = Files.walk(dir)) {
			walk.forEach(paths::add);
		}
		Collections.reverse(paths);
		for (Path p : paths) {
			Files.delete(p);
		}
	}

}
