package io.quantapilot.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.quantapilot.support.Scripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runbook's scripts that work without a server — setup, secrets, security and configuration checks —
 * run as processes the way an operator runs them, each against its own temporary files.
 */
class OperatorScriptsIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path tmp;

	@ParameterizedTest
	@ValueSource(strings = { "setup.sh", "generate-secrets.sh", "validate-security.sh", "verify-api-keys.sh",
			"analyze-token-usage.sh", "rotate-api-keys.sh", "revoke-tokens.sh", "security-audit.sh",
			"validate-config.sh", "daily-maintenance.sh", "weekly-maintenance.sh" })
	void everyScriptExplainsItselfWithoutRunningAnything(String name) {
		// A launcher that does not exist proves --help never needs Java or a server.
		Scripts.Result help = Scripts.run(Scripts.script(name), tmp, Map.of("QUANTAPILOT", "/nonexistent/quantapilot"),
				"--help");
		assertThat(help.exit()).as(help.all()).isZero();
		assertThat(help.out()).startsWith("Usage: scripts/" + name).contains("Exit codes:").contains("  0  ");
	}

	@Test
	void setupCheckOnlyReportsWhatItWouldDoAndChangesNothing() throws Exception {
		Path root = checkout();
		Files.writeString(root.resolve(".env.example"), "QP_MASTER_KEY=\n");
		Scripts.Result check = Scripts.run(root.resolve("scripts/setup.sh"), root, Map.of(), "--check-only");
		assertThat(check.exit()).as(check.all()).isZero();
		assertThat(check.out()).contains("✓ Java").contains("✓ git version").contains("copy .env.example to .env")
			.contains("create " + root.resolve("data")).contains("Prerequisites met.");
		assertThat(root.resolve(".env")).doesNotExist();
		assertThat(root.resolve("data")).doesNotExist();

		// A Java older than 17 on the PATH is refused with exit 1.
		Path bin = Files.createDirectories(tmp.resolve("old-java-bin"));
		Files.writeString(bin.resolve("java"), "#!/bin/sh\necho 'openjdk version \"11.0.21\" 2023-10-17' >&2\n");
		Files.setPosixFilePermissions(bin.resolve("java"), PosixFilePermissions.fromString("rwx------"));
		for (String tool : List.of("bash", "dirname", "sed", "head", "cut", "git", "awk", "env")) {
			Path real = List.of(Path.of("/usr/bin", tool), Path.of("/bin", tool))
				.stream()
				.filter(Files::isExecutable)
				.findFirst()
				.orElseThrow();
			Files.createSymbolicLink(bin.resolve(tool), real);
		}
		Scripts.Result old = Scripts.run(root.resolve("scripts/setup.sh"), root, Map.of("PATH", bin.toString()),
				"--check-only");
		assertThat(old.exit()).as(old.all()).isEqualTo(1);
		assertThat(old.out()).contains("Java 17 or newer is needed");

		assertThat(Scripts.run(root.resolve("scripts/setup.sh"), root, Map.of(), "--frobnicate").exit()).isEqualTo(2);
	}

	@Test
	void setupCreatesTheDirectoriesAndAnEnvFileWithSecretsAndKeepsThemOnASecondRun() throws Exception {
		Path root = checkout();
		Files.writeString(root.resolve(".env.example"), """
				# Example settings
				QP_MASTER_KEY=change-me
				OPENAI_API_KEY=
				""");
		Scripts.Result setup = Scripts.run(root.resolve("scripts/setup.sh"), root, Map.of(), "--skip-build");
		assertThat(setup.exit()).as(setup.all()).isZero();
		assertThat(root.resolve("data")).isDirectory();
		assertThat(Files.getPosixFilePermissions(root.resolve("data"))).isEqualTo(PosixFilePermissions.fromString("rwx------"));
		assertThat(root.resolve("logs")).isDirectory();
		Path env = root.resolve(".env");
		assertThat(Files.getPosixFilePermissions(env)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		Map<String, String> values = envValues(env);
		assertThat(Base64.getDecoder().decode(values.get("QP_MASTER_KEY"))).hasSize(32);
		assertThat(values.get("QP_ADMIN_API_KEY")).startsWith("qp_").hasSizeGreaterThan(40);
		assertThat(values).containsKeys("QUANTAPILOT_FORGE_GITHUB_WEBHOOKSECRET", "QP_TELEGRAM_WEBHOOK_SECRET")
			.containsEntry("OPENAI_API_KEY", "");
		assertThat(Files.readString(env)).contains("# Example settings");
		assertThat(setup.all()).doesNotContain(values.get("QP_MASTER_KEY"));

		Scripts.Result again = Scripts.run(root.resolve("scripts/setup.sh"), root, Map.of(), "--skip-build");
		assertThat(again.exit()).as(again.all()).isZero();
		assertThat(envValues(env)).isEqualTo(values);
	}

	@Test
	void generateSecretsFillsOnlyWhatIsUnsetUnlessForcedAndCanPrint() throws Exception {
		Path env = tmp.resolve("deploy.env");
		String adminKey = "qp_an-admin-key-chosen-by-the-operator-0123456789";
		Files.writeString(env, "QP_ADMIN_API_KEY=" + adminKey + "\nQP_DATABASE_PASSWORD=\nPOSTGRES_PASSWORD=change-me\n");
		Path script = Scripts.script("generate-secrets.sh");
		Scripts.Result first = Scripts.run(script, tmp, Map.of(), "--env-file", env.toString());
		assertThat(first.exit()).as(first.all()).isZero();
		assertThat(first.out()).contains("kept       QP_ADMIN_API_KEY").contains("generated  QP_MASTER_KEY")
			.contains("generated  QP_DATABASE_PASSWORD");
		Map<String, String> values = envValues(env);
		assertThat(values.get("QP_ADMIN_API_KEY")).isEqualTo(adminKey);
		assertThat(values.get("QUANTAPILOT_FORGE_GITHUB_WEBHOOKSECRET")).matches("[0-9a-f]{64}");
		assertThat(values.get("QP_TELEGRAM_WEBHOOK_SECRET")).matches("[A-Za-z0-9_-]{40,}");
		// Compose hands one to PostgreSQL and the other to QuantaPilot.
		assertThat(values.get("POSTGRES_PASSWORD")).isEqualTo(values.get("QP_DATABASE_PASSWORD")).hasSizeGreaterThan(20);
		assertThat(Files.getPosixFilePermissions(env)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		assertThat(first.all()).doesNotContain(values.get("QP_MASTER_KEY"));

		Scripts.Result kept = Scripts.run(script, tmp, Map.of(), "--env-file", env.toString());
		assertThat(kept.exit()).isZero();
		assertThat(envValues(env)).isEqualTo(values);

		Scripts.Result forced = Scripts.run(script, tmp, Map.of(), "--env-file", env.toString(), "--force");
		assertThat(forced.exit()).as(forced.all()).isZero();
		Map<String, String> replaced = envValues(env);
		assertThat(replaced.get("QP_ADMIN_API_KEY")).isNotEqualTo(adminKey);
		assertThat(replaced.get("QP_MASTER_KEY")).isNotEqualTo(values.get("QP_MASTER_KEY"));

		Scripts.Result printed = Scripts.run(script, tmp, Map.of(), "--print");
		assertThat(printed.exit()).as(printed.all()).isZero();
		assertThat(printed.out()).containsPattern("(?m)^QP_MASTER_KEY=[A-Za-z0-9+/]{43}=$")
			.containsPattern("(?m)^QP_ADMIN_API_KEY=qp_");
		assertThat(tmp.resolve(".env")).doesNotExist();
		assertThat(Scripts.run(script, tmp, Map.of(), "--print", "--force").exit()).isEqualTo(2);
	}

	@Test
	void validateSecurityFindsWeakSecretsAndUnsafeSettingsWithoutPrintingValues() throws Exception {
		Path data = Files.createDirectories(tmp.resolve("data/secrets"));
		Path keyFile = data.resolve("master.key");
		Files.writeString(keyFile, Base64.getEncoder().encodeToString(new byte[32]));
		Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
		Path env = tmp.resolve("weak.env");
		Files.writeString(env, """
				QP_DATA_DIR=%s
				QP_ADMIN_API_KEY=admin-admin
				QUANTAPILOT_FORGE_PROVIDER=github
				QUANTAPILOT_FORGE_GITHUB_TOKEN=ghp_notAValueThatGetsPrinted42
				QUANTAPILOT_FORGE_ANONYMOUSREAD=true
				QP_PUBLIC_URL=http://quantapilot.example.com
				QP_DATABASE_URL=jdbc:postgresql://db.example.com:5432/quantapilot
				QP_DATABASE_PASSWORD=postgres
				SPRING_MAIL_HOST=smtp.example.com
				SPRING_MAIL_PASSWORD=mailPasswordNeverShown
				GF_SECURITY_ADMIN_PASSWORD=change-me
				""".formatted(tmp.resolve("data")));
		Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-r--r--"));
		Path script = Scripts.script("validate-security.sh");
		Scripts.Result weak = Scripts.run(script, tmp, Map.of(), "--env-file", env.toString());
		assertThat(weak.exit()).as(weak.all()).isEqualTo(1);
		assertThat(weak.out()).contains("admin-api-key").contains("QUANTAPILOT_FORGE_GITHUB_WEBHOOKSECRET")
			.contains("anonymous-read").contains("public-url").contains("a default or weak database password")
			.contains("smtp-tls").contains("chmod 600 " + keyFile).contains("chmod 600 " + env)
			.contains("GF_SECURITY_ADMIN_PASSWORD (env file)").contains("FAILED");
		assertThat(weak.all()).doesNotContain("ghp_notAValueThatGetsPrinted42").doesNotContain("mailPasswordNeverShown")
			.doesNotContain("admin-admin");
		JsonNode json = JSON.readTree(Scripts.run(script, tmp, Map.of(), "--env-file", env.toString(), "--json").out());
		assertThat(json.path("ok").asBoolean()).isFalse();
		assertThat(json.path("errors").asInt()).isGreaterThanOrEqualTo(6);

		// The same deployment made safe: generated secrets, TLS, no anonymous reads, private files.
		Files.writeString(env, """
				QP_DATA_DIR=%s
				QUANTAPILOT_FORGE_PROVIDER=github
				QUANTAPILOT_FORGE_GITHUB_TOKEN=ghp_notAValueThatGetsPrinted42
				QP_PUBLIC_URL=https://quantapilot.example.com
				QP_DATABASE_URL=jdbc:postgresql://db.example.com:5432/quantapilot?sslmode=verify-full
				QP_DATABASE_PASSWORD=
				SPRING_MAIL_HOST=smtp.example.com
				SPRING_MAIL_PORT=465
				SPRING_MAIL_PROTOCOL=smtps
				""".formatted(tmp.resolve("data")));
		Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
		Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
		assertThat(Scripts.run(Scripts.script("generate-secrets.sh"), tmp, Map.of(), "--env-file", env.toString())
			.exit()).isZero();
		Scripts.Result safe = Scripts.run(script, tmp, Map.of(), "--env-file", env.toString(), "--strict");
		assertThat(safe.exit()).as(safe.all()).isZero();
		assertThat(safe.out()).contains("0 error(s), 0 warning(s)").contains("OK");
	}

	@Test
	void validateConfigReportsBindingErrorsUnknownSettingsAndIncompleteProviders() throws Exception {
		Path env = tmp.resolve("config.env");
		Files.writeString(env, """
				QUANTAPILOT_WORKFLOW_DECISIONTIMEOUT=soon
				QUANTAPILOT_DATA_DIR=/srv/quantapilot
				QP_PUBLIC_URL=quantapilot.example.com
				QP_AGENT_PROVIDER=openai
				QUANTAPILOT_FORGE_PROVIDER=github
				""");
		Files.writeString(tmp.resolve("application.yml"), """
				quantapilot:
				  workflow:
				    max-fix-attemps: 3
				  retention:
				    sessions: 10d
				""");
		Path script = Scripts.script("validate-config.sh");
		Scripts.Result bad = Scripts.run(script, tmp, Map.of(), "--env-file", env.toString());
		assertThat(bad.exit()).as(bad.all()).isEqualTo(1);
		assertThat(bad.out()).contains("quantapilot.workflow.decision-timeout = 'soon'")
			.contains("QUANTAPILOT_DATA_DIR: no such setting").contains("did you mean QUANTAPILOT_DATADIR?")
			.contains("quantapilot.workflow.max-fix-attemps: no such setting (from application.yml)")
			.contains("quantapilot.public-url: must be an absolute http(s) URL")
			.contains("quantapilot.agents.openai.api-key (OPENAI_API_KEY)")
			.contains("quantapilot.forge.github.token")
			.doesNotContain("quantapilot.retention");

		Files.writeString(env, "QUANTAPILOT_DATADIR=" + tmp.resolve("data") + "\nQP_PUBLIC_URL=https://qp.example.com\n");
		Files.writeString(tmp.resolve("application.yml"), "quantapilot:\n  workflow:\n    max-fix-attempts: 3\n");
		Scripts.Result good = Scripts.run(script, tmp, Map.of(), "--env-file", env.toString(), "--json");
		assertThat(good.exit()).as(good.all()).isZero();
		assertThat(JSON.readTree(good.out()).path("ok").asBoolean()).isTrue();

		assertThat(Scripts.run(script, tmp, Map.of(), "--env-file", tmp.resolve("missing.env").toString()).exit())
			.isEqualTo(1);
	}

	/** A copy of the repository's scripts in a fresh directory (setup works relative to its script). */
	private Path checkout() throws Exception {
		Path root = Files.createDirectories(tmp.resolve("checkout"));
		Path scripts = Files.createDirectories(root.resolve("scripts"));
		Files.copy(Scripts.script("setup.sh"), scripts.resolve("setup.sh"), StandardCopyOption.COPY_ATTRIBUTES);
		return root;
	}

	private static Map<String, String> envValues(Path file) throws Exception {
		Map<String, String> values = new LinkedHashMap<>();
		for (String line : Files.readAllLines(file)) {
			int eq = line.indexOf('=');
			if (!line.startsWith("#") && eq > 0) {
				values.put(line.substring(0, eq), line.substring(eq + 1));
			}
		}
		return values;
	}

}
