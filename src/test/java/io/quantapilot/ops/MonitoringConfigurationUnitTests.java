package io.quantapilot.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitoring files under {@code deploy/}: Prometheus's configuration and alert rules checked and
 * unit-tested with promtool, Alertmanager's configuration checked and its routing tried with amtool, and
 * the cross-references between them, the Compose file and the Grafana provisioning. promtool and amtool
 * come from the Debian packages {@code prometheus} and {@code prometheus-alertmanager}; without them these
 * tests fail (they are not skipped).
 */
class MonitoringConfigurationUnitTests {

	private static final Path DEPLOY = Path.of("deploy");

	private static final Path PROMETHEUS = DEPLOY.resolve("prometheus");

	@Test
	void promtoolAcceptsTheConfigurationAndTheRules() {
		Result rules = run("promtool", "check", "rules", PROMETHEUS.resolve("alerts.yml").toString());
		assertThat(rules.exit()).as(rules.output()).isZero();
		assertThat(rules.output()).contains("SUCCESS: 12 rules found");
		Result config = run("promtool", "check", "config", PROMETHEUS.resolve("prometheus.yml").toString());
		assertThat(config.exit()).as(config.output()).isZero();
		assertThat(config.output()).contains("1 rule files found");
	}

	@Test
	void everyAlertHasAFiringAndAQuietCaseInThePromtoolUnitTests() throws IOException {
		List<Path> tests;
		try (Stream<Path> files = Files.list(PROMETHEUS.resolve("tests"))) {
			tests = files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
		}
		assertThat(tests).isNotEmpty();
		List<String> command = new ArrayList<>(List.of("promtool", "test", "rules"));
		tests.forEach(t -> command.add(t.toString()));
		Result result = run(command.toArray(String[]::new));
		assertThat(result.exit()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS");

		Set<String> alerts = new TreeSet<>();
		for (Object group : list(map(load(PROMETHEUS.resolve("alerts.yml"))).get("groups"))) {
			for (Object rule : list(map(group).get("rules"))) {
				alerts.add(map(rule).get("alert").toString());
				assertThat(map(map(rule).get("labels")).get("severity")).as("severity of %s", rule)
					.isIn("critical", "warning");
			}
		}
		Set<String> firing = new TreeSet<>();
		Set<String> quiet = new TreeSet<>();
		for (Path test : tests) {
			for (Object testCase : list(map(load(test)).get("tests"))) {
				for (Object check : list(map(testCase).get("alert_rule_test"))) {
					String name = map(check).get("alertname").toString();
					(list(map(check).get("exp_alerts")).isEmpty() ? quiet : firing).add(name);
				}
			}
		}
		assertThat(firing).as("alerts with a firing case").isEqualTo(alerts);
		assertThat(quiet).as("alerts with a quiet case").isEqualTo(alerts);
		assertThat(alerts).contains("QuantaPilotHighCpu", "QuantaPilotHighMemory", "QuantaPilotDiskAlmostFull",
				"QuantaPilotRestarted", "QuantaPilotApiSlow", "QuantaPilotHighErrorRate", "QuantaPilotWorkflowSuccessLow",
				"QuantaPilotProjectCompletionLow", "QuantaPilotHitlResponseSlow", "QuantaPilotAvailabilityLow",
				"QuantaPilotUserSatisfactionLow");
	}

	@Test
	void alertmanagerRoutesBySeverity() {
		Path config = DEPLOY.resolve("alertmanager/alertmanager.yml");
		Result check = run("amtool", "check-config", config.toString());
		assertThat(check.exit()).as(check.output()).isZero();
		assertThat(check.output()).contains("SUCCESS", "2 receivers");
		assertThat(route(config, "severity=critical", "service=api-gateway")).isEqualTo("critical");
		assertThat(route(config, "severity=warning", "service=dashboard")).isEqualTo("warning");
		assertThat(route(config, "alertname=Other")).as("anything else").isEqualTo("warning");
		Map<String, Object> alertmanager = map(load(config));
		for (Object receiver : list(alertmanager.get("receivers"))) {
			for (Object webhook : list(map(receiver).get("webhook_configs"))) {
				assertThat(map(webhook).get("url").toString()).startsWith("http://alerts.example.invalid/");
			}
		}
	}

	@Test
	void prometheusScrapesEveryRoleOfTheComposeFileAndAlertsThroughItsAlertmanager() {
		Map<String, Object> prometheus = map(load(PROMETHEUS.resolve("prometheus.yml")));
		Map<String, Object> services = ComposeFileUnitTests.services(ComposeFileUnitTests.compose());
		List<String> targets = new ArrayList<>();
		for (Object job : list(prometheus.get("scrape_configs"))) {
			if ("quantapilot".equals(map(job).get("job_name"))) {
				assertThat(map(job).get("metrics_path")).isEqualTo("/metrics");
				for (Object config : list(map(job).get("static_configs"))) {
					for (Object target : list(map(config).get("targets"))) {
						targets.add(target.toString());
						String host = target.toString().split(":")[0];
						String port = target.toString().split(":")[1];
						assertThat(map(map(config).get("labels")).get("service")).isEqualTo(host);
						List<String> command = ComposeFileUnitTests.strings(map(services.get(host)).get("command"));
						assertThat(command.get(command.indexOf("--port") + 1)).as(target.toString()).isEqualTo(port);
					}
				}
			}
		}
		assertThat(targets).containsExactlyInAnyOrder("api-gateway:3000", "cursor-service:3001", "github-service:3002",
				"notification-service:3003", "dashboard:3004");
		Object alertmanagers = map(list(map(prometheus.get("alerting")).get("alertmanagers")).get(0)).get("static_configs");
		assertThat(list(map(list(alertmanagers).get(0)).get("targets"))).containsExactly("alertmanager:9093");
		assertThat(ComposeFileUnitTests.strings(map(services.get("alertmanager")).get("ports"))).contains("9093:9093");
		assertThat(ComposeFileUnitTests.strings(map(services.get("prometheus")).get("volumes")))
			.contains("./prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro");
	}

	@Test
	void grafanaProvisionsThePrometheusDataSourceAndTheDashboardsItsComposeServiceMounts() throws IOException {
		Map<String, Object> datasource = map(list(map(load(DEPLOY.resolve("grafana/provisioning/datasources/prometheus.yml")))
			.get("datasources")).get(0));
		assertThat(datasource).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090");
		Map<String, Object> provider = map(list(map(load(DEPLOY.resolve("grafana/provisioning/dashboards/quantapilot.yml")))
			.get("providers")).get(0));
		String path = map(provider.get("options")).get("path").toString();
		Map<String, Object> grafana = map(ComposeFileUnitTests.services(ComposeFileUnitTests.compose()).get("grafana"));
		assertThat(ComposeFileUnitTests.strings(grafana.get("volumes"))).contains("./grafana/dashboards:" + path + ":ro",
				"./grafana/provisioning:/etc/grafana/provisioning:ro");
		JsonNode dashboard = JsonMapper.builder().build()
			.readTree(Files.readString(DEPLOY.resolve("grafana/dashboards/quantapilot-overview.json")));
		assertThat(dashboard.path("uid").asString()).isEqualTo("quantapilot-overview");
		int queries = 0;
		for (JsonNode panel : dashboard.path("panels")) {
			if (panel.path("type").asString().equals("row")) {
				continue;
			}
			assertThat(panel.path("datasource").path("uid").asString()).as(panel.path("title").asString())
				.isEqualTo(datasource.get("uid"));
			for (JsonNode target : panel.path("targets")) {
				assertThat(target.path("expr").asString()).isNotBlank();
				queries++;
			}
		}
		assertThat(queries).isGreaterThan(20);
	}

	@Test
	void aMissingToolFailsTheTestWithThePackageToInstallInsteadOfSkippingIt() {
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> run("promtool-missing-on-purpose", "--version"))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("is needed for this test")
			.hasMessageContaining("apt-get install -y prometheus");
	}

	private static String route(Path config, String... labels) {
		List<String> command = new ArrayList<>(List.of("amtool", "config", "routes", "test",
				"--config.file=" + config));
		command.addAll(Arrays.asList(labels));
		Result result = run(command.toArray(String[]::new));
		assertThat(result.exit()).as(result.output()).isZero();
		return result.output()
			.lines()
			.filter(l -> !l.startsWith("Warning:") && !l.isBlank())
			.reduce((a, b) -> b)
			.orElse("")
			.strip();
	}

	record Result(int exit, String output) {
	}

	/** Runs a tool of the OS; a missing one fails the test with the package to install. */
	static Result run(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			byte[] out = process.getInputStream().readAllBytes();
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
			return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new AssertionError(command[0] + " is needed for this test and could not be run (" + ex.getMessage()
					+ "); install it: apt-get install -y " + (command[0].startsWith("amtool") ? "prometheus-alertmanager"
							: "prometheus"), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	private static Object load(Path file) {
		try {
			return new Yaml().load(Files.readString(file));
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	private static List<Object> list(Object value) {
		return value == null ? List.of() : new ArrayList<>((List<?>) value);
	}

}
