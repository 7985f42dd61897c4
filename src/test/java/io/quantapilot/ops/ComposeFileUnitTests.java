package io.quantapilot.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy/docker-compose.yml} as far as a machine without a Docker engine can check it: valid against
 * the Compose Specification's JSON schema, and every cross-reference resolved — services in depends_on,
 * named volumes and networks, bind-mounted files, env files, build contexts and Dockerfile targets, each
 * role's port in its command, port mapping, health check and QP_PORT, and every interpolated variable
 * listed in {@code .env.example}. Also the Dockerfile's shape: multi-stage, non-root, health check on
 * /health, data and logs volumes.
 */
class ComposeFileUnitTests {

	private static final Path DEPLOY = Path.of("deploy");

	private static final Path COMPOSE = DEPLOY.resolve("docker-compose.yml");

	/** The runbook's services, their roles and ports (DESIGN §1). */
	private static final Map<String, Map.Entry<String, Integer>> ROLE_SERVICES = Map.of("api-gateway",
			Map.entry("api", 3000), "cursor-service", Map.entry("agents", 3001), "github-service",
			Map.entry("forge", 3002), "notification-service", Map.entry("notifications", 3003), "dashboard",
			Map.entry("dashboard", 3004));

	private static final Pattern VARIABLE = Pattern.compile("(?<!\\$)\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?][^}]*)?}");

	private static final Pattern ENV_EXAMPLE_LINE = Pattern.compile("(?m)^(#?)([A-Z][A-Z0-9_]*)=(.*)$");

	@Test
	void validAgainstTheComposeSpecificationSchema() throws IOException {
		Map<String, Object> compose = compose();
		assertThat(compose.get("name")).as("project name (checked here: the vendored schema predates it)")
			.isEqualTo("quantapilot");
		Map<String, Object> withoutName = new LinkedHashMap<>(compose);
		withoutName.remove("name");
		JsonMapper json = JsonMapper.builder().build();
		JsonNode document = json.valueToTree(withoutName);
		Schema schema;
		try (InputStream in = getClass().getResourceAsStream("/compose-spec/compose-spec.json")) {
			assertThat(in).as("the vendored Compose schema").isNotNull();
			// Its sub-schemas carry draft-04 style id labels (unused by its $refs, which are JSON pointers) that
			// the 2019-09 dialect its $schema names does not accept: drop them, keep every constraint.
			JsonNode specification = json.readTree(in);
			dropIdLabels(specification);
			schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09).getSchema(specification);
		}
		List<String> errors = schema.validate(document)
			.stream()
			.map(e -> e.getInstanceLocation() + ": " + e.getMessage())
			.toList();
		assertThat(errors).isEmpty();

		// The schema does catch mistakes: an unknown key and a wrong condition are refused.
		Map<String, Object> broken = new LinkedHashMap<>(withoutName);
		Map<String, Object> services = new LinkedHashMap<>(services(broken));
		Map<String, Object> gateway = new LinkedHashMap<>(map(services.get("api-gateway")));
		gateway.put("restart_policy", "always");
		gateway.put("depends_on", Map.of("postgres", Map.of("condition", "service_ready")));
		services.put("api-gateway", gateway);
		broken.put("services", services);
		assertThat(schema.validate(json.valueToTree(broken))).hasSizeGreaterThanOrEqualTo(2);
	}

	@Test
	void hasTheRunbooksServicesAndNoRedis() {
		Map<String, Object> services = services(compose());
		assertThat(services).containsKeys("api-gateway", "cursor-service", "github-service", "notification-service",
				"dashboard", "postgres", "db-migrate", "prometheus", "grafana", "alertmanager");
		assertThat(services).as("the design keeps shared state in PostgreSQL").doesNotContainKey("redis");
		assertThat(raw()).contains("No Redis");
	}

	@Test
	void everyRoleServiceListensOnItsRolePortAndIsCheckedThere() {
		Map<String, Object> services = services(compose());
		Set<String> engines = new HashSet<>();
		ROLE_SERVICES.forEach((name, role) -> {
			Map<String, Object> service = map(services.get(name));
			List<String> command = strings(service.get("command"));
			assertThat(command).as(name).startsWith("server");
			List<String> roles = List.of(command.get(command.indexOf("--roles") + 1).split(","));
			assertThat(roles).as(name).contains(role.getKey());
			if (roles.contains("engine")) {
				engines.add(name);
			}
			int port = role.getValue();
			assertThat(command.get(command.indexOf("--port") + 1)).as(name).isEqualTo(Integer.toString(port));
			assertThat(strings(service.get("ports"))).as(name).containsExactly(port + ":" + port);
			assertThat(map(service.get("environment")).get("QP_PORT")).as(name).isEqualTo(Integer.toString(port));
			assertThat(strings(map(service.get("healthcheck")).get("test"))).as(name)
				.contains("http://127.0.0.1:" + port + "/health");
			assertThat(strings(service.get("volumes"))).as(name)
				.contains("quantapilot-data:/var/lib/quantapilot", "../logs/" + name + ":/var/log/quantapilot");
			Map<String, Object> environment = map(service.get("environment"));
			assertThat(environment.get("QP_DATABASE_URL").toString()).startsWith("jdbc:postgresql://postgres:5432/");
			assertThat(environment).containsKeys("QP_DATABASE_USER", "QP_DATABASE_PASSWORD");
			assertThat(environment.get("LOGGING_FILE_NAME")).isEqualTo("/var/log/quantapilot/quantapilot.log");
		});
		assertThat(engines).as("the workflow engine runs in exactly one service").containsExactly("api-gateway");
	}

	@Test
	void dependenciesNameExistingServicesWithValidConditionsAndNoCycle() {
		Map<String, Object> services = services(compose());
		Map<String, Set<String>> graph = new LinkedHashMap<>();
		services.forEach((name, value) -> {
			Map<String, Object> service = map(value);
			Set<String> needs = new LinkedHashSet<>();
			Object dependsOn = service.get("depends_on");
			if (dependsOn instanceof Map<?, ?> conditions) {
				conditions.forEach((dependency, how) -> {
					needs.add(dependency.toString());
					String condition = map(how).get("condition").toString();
					assertThat(condition).as("%s on %s", name, dependency)
						.isIn("service_started", "service_healthy", "service_completed_successfully");
					Map<String, Object> target = map(services.get(dependency.toString()));
					assertThat(target).as("%s depends on an unknown service %s", name, dependency).isNotNull();
					if (condition.equals("service_healthy")) {
						assertThat(target.get("healthcheck")).as("%s waits for %s to be healthy", name, dependency)
							.isNotNull();
						assertThat(map(target.get("healthcheck")).get("disable")).isNotEqualTo(true);
					}
					if (condition.equals("service_completed_successfully")) {
						assertThat(target.get("restart")).as("one-shot %s", dependency).isEqualTo("no");
					}
				});
			}
			else {
				assertThat(dependsOn).as(name).isNull();
			}
			graph.put(name, needs);
		});
		for (String role : ROLE_SERVICES.keySet()) {
			Map<String, Object> dependsOn = map(map(services.get(role)).get("depends_on"));
			assertThat(map(dependsOn.get("db-migrate")).get("condition")).as(role)
				.isEqualTo("service_completed_successfully");
			assertThat(map(dependsOn.get("postgres")).get("condition")).as(role).isEqualTo("service_healthy");
		}
		assertThat(strings(map(services.get("db-migrate")).get("command"))).containsExactly("db", "migrate", "--wait",
				"120s");
		for (String start : graph.keySet()) {
			assertThat(reaches(graph, start, start, new HashSet<>())).as("a dependency cycle through %s", start).isFalse();
		}
	}

	@Test
	void volumesNetworksFilesAndBuildsThatAreReferencedExist() throws IOException {
		Map<String, Object> compose = compose();
		Set<String> volumes = map(compose.get("volumes")).keySet();
		Set<String> networks = map(compose.get("networks")).keySet();
		Set<String> usedVolumes = new HashSet<>();
		String dockerfile = Files.readString(Path.of("Dockerfile"));
		services(compose).forEach((name, value) -> {
			Map<String, Object> service = map(value);
			for (String volume : strings(service.get("volumes"))) {
				String source = volume.split(":")[0];
				if (source.startsWith(".")) {
					Path path = DEPLOY.resolve(source).normalize();
					if (path.startsWith("logs")) {
						// Made at start by init-volumes; ignored by git.
						assertThat(path.getNameCount()).as(volume).isLessThanOrEqualTo(2);
					}
					else {
						assertThat(path).as("%s mounts %s", name, volume).exists();
					}
				}
				else {
					assertThat(volumes).as("%s uses volume %s", name, source).contains(source);
					usedVolumes.add(source);
				}
			}
			for (String network : strings(service.get("networks"))) {
				assertThat(networks).as("%s joins %s", name, network).contains(network);
			}
			for (String envFile : strings(service.get("env_file"))) {
				assertThat(DEPLOY.resolve(envFile + ".example")).as("%s reads %s, made from its example", name, envFile)
					.exists();
			}
			if (service.get("build") instanceof Map<?, ?> build) {
				Path context = DEPLOY.resolve(build.get("context").toString()).normalize();
				assertThat(context.resolve(build.get("dockerfile").toString())).as(name).exists();
				assertThat(dockerfile).as("%s builds stage %s", name, build.get("target"))
					.containsPattern("(?m)^FROM \\S+ AS " + Pattern.quote(build.get("target").toString()) + "$");
			}
		});
		assertThat(usedVolumes).as("every declared volume is used").containsExactlyInAnyOrderElementsOf(volumes);
		assertThat(Path.of(".gitignore")).content().contains("/logs/");
	}

	@Test
	void everyInterpolatedVariableIsInTheEnvExampleAndRequiredOnesAreSetThere() throws IOException {
		String example = Files.readString(DEPLOY.resolve(".env.example"));
		Map<String, Boolean> listed = new LinkedHashMap<>();
		Matcher line = ENV_EXAMPLE_LINE.matcher(example);
		while (line.find()) {
			listed.merge(line.group(2), line.group(1).isEmpty(), Boolean::logicalOr);
		}
		Matcher variable = VARIABLE.matcher(raw());
		List<String> used = new ArrayList<>();
		while (variable.find()) {
			String name = variable.group(1);
			used.add(name);
			assertThat(listed).as("${%s} is listed in .env.example", name).containsKey(name);
			if (variable.group(2) != null && variable.group(2).startsWith(":?")) {
				assertThat(listed.get(name)).as("required %s is set (not commented out) in .env.example", name).isTrue();
			}
		}
		assertThat(used).contains("QP_DATABASE_PASSWORD", "GRAFANA_ADMIN_PASSWORD", "QP_IMAGE");
		// Each listed variable has a comment saying what it is (the line before, or its section's).
		assertThat(example.lines().filter(l -> l.startsWith("#") && !l.matches("#[A-Z_]+=.*")).count())
			.isGreaterThan(15);
	}

	@Test
	void dockerfileIsAMultiStageNonRootImageWithAHealthCheckAndVolumes() throws IOException {
		String dockerfile = Files.readString(Path.of("Dockerfile"));
		List<String> stages = Pattern.compile("(?m)^FROM (\\S+) AS (\\S+)$")
			.matcher(dockerfile)
			.results()
			.map(m -> m.group(2) + "=" + m.group(1))
			.toList();
		assertThat(stages).containsExactly("build=eclipse-temurin:17-jdk-jammy", "agents=eclipse-temurin:17-jdk-jammy",
				"runtime=eclipse-temurin:17-jre-jammy");
		assertThat(dockerfile).contains("./mvnw -B -q -DskipTests package", "COPY --from=build");
		for (String stage : dockerfile.split("(?m)^FROM ")) {
			if (stage.startsWith("eclipse-temurin:17-jre") || stage.contains(" AS agents")) {
				assertThat(stage).containsPattern("(?m)^USER quantapilot:quantapilot$")
					.containsPattern("(?m)^HEALTHCHECK .*\\n\\s+CMD curl -fsS \"http://127.0.0.1:\\$\\{QP_PORT}/health\"")
					.contains("VOLUME [\"/var/lib/quantapilot\", \"/var/log/quantapilot\"]")
					.contains("ENTRYPOINT [\"java\", \"-jar\", \"/opt/quantapilot/quantapilot.jar\"]");
			}
		}
		assertThat(dockerfile.lines().filter(l -> l.startsWith("USER ")).toList()).noneMatch(l -> l.contains("root")
				|| l.matches("USER 0(:.*)?"));
		String ignore = Files.readString(Path.of(".dockerignore"));
		assertThat(ignore.lines().toList()).contains("target", "data", "logs", ".git", ".env");
	}

	/** Removes the id keyword of every sub-schema, leaving properties that happen to be named id alone. */
	private static void dropIdLabels(JsonNode node) {
		if (node instanceof tools.jackson.databind.node.ObjectNode object) {
			if (object.path("id").isString()) {
				object.remove("id");
			}
			for (var entry : object.properties()) {
				boolean namesProperties = entry.getKey().equals("properties") || entry.getKey().equals("patternProperties")
						|| entry.getKey().equals("definitions");
				if (namesProperties) {
					entry.getValue().forEach(ComposeFileUnitTests::dropIdLabels);
				}
				else {
					dropIdLabels(entry.getValue());
				}
			}
		}
		else if (node != null && node.isArray()) {
			node.forEach(ComposeFileUnitTests::dropIdLabels);
		}
	}

	private static boolean reaches(Map<String, Set<String>> graph, String from, String target, Set<String> seen) {
		for (String next : graph.getOrDefault(from, Set.of())) {
			if (next.equals(target)) {
				return true;
			}
			if (seen.add(next) && reaches(graph, next, target, seen)) {
				return true;
			}
		}
		return false;
	}

	private static String raw() {
		try {
			return Files.readString(COMPOSE);
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
	}

	/** The Compose file with YAML anchors and merge keys resolved, as Compose reads it. */
	static Map<String, Object> compose() {
		Object loaded = new Yaml().load(raw());
		return map(loaded);
	}

	static Map<String, Object> services(Map<String, Object> compose) {
		return map(compose.get("services"));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object value) {
		return value == null ? null : (Map<String, Object>) value;
	}

	static List<String> strings(Object value) {
		if (value == null) {
			return List.of();
		}
		if (value instanceof List<?> list) {
			return list.stream().map(Object::toString).toList();
		}
		return List.of(value.toString());
	}

}
