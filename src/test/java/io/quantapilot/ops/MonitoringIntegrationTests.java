package io.quantapilot.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.quantapilot.support.Api;
import io.quantapilot.support.ApplicationIntegrationTest;
import io.quantapilot.support.Examples;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules and the Grafana dashboard query metrics the application really exports: a project is
 * run to completion (plan approved by a person, rated), then every metric name in
 * {@code deploy/prometheus/alerts.yml} and {@code deploy/grafana/dashboards/*.json} must be in the
 * running application's {@code /metrics}. Prometheus's own {@code up} is the one name not exported by the
 * application; counters that only exist after an event this run has no part in (GitHub calls, checks
 * verdicts, notification deliveries, a paid provider's tokens and cost) must at least be registered under
 * that name in the code.
 */
class MonitoringIntegrationTests extends ApplicationIntegrationTest {

	/** Written by Prometheus for every target, not by the application. */
	private static final Set<String> PROMETHEUS_SERIES = Set.of("up");

	/**
	 * Counters that appear with their first event: GitHub calls, CI checks, delivered notifications, and the
	 * tokens and cost of a model provider (the offline provider writes from templates and counts none).
	 */
	private static final Map<String, String> BORN_WITH_THEIR_FIRST_EVENT = Map.of("qp_github_api_requests_total",
			"qp_github_api_requests", "qp_checks_verdicts_total", "qp_checks_verdicts", "qp_notifications_total",
			"qp_notifications_total", "qp_agent_tokens_total", "qp_agent_tokens_total", "qp_agent_cost_usd_total",
			"qp_agent_cost_usd_total");

	private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
			"group_right", "and", "or", "unless", "bool", "offset", "inf", "nan");

	private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	@Test
	void alertsAndDashboardsQueryOnlyMetricsTheApplicationExports() throws IOException {
		String id = createProject(Examples.readme("notes-cli-python"));
		JsonNode decision = awaitPendingDecision(id, "plan_approval", Duration.ofSeconds(90));
		assertThat(api().post("/api/v1/hitl/decisions/" + decision.path("decision_id").asString(),
				Map.of("decision", "approve")).status()).isEqualTo(200);
		awaitStatus(id, "completed", Duration.ofMinutes(4));
		assertThat(api().post("/api/v1/projects/" + id + "/rating", Map.of("score", 5)).status()).isEqualTo(200);
		assertThat(api().get("/api/v1/projects/" + java.util.UUID.randomUUID()).status()).isEqualTo(404);

		Api.Response scraped = api().get("/metrics");
		assertThat(scraped.status()).isEqualTo(200);
		String metrics = scraped.body();
		Set<String> exported = new TreeSet<>();
		for (String line : metrics.split("\n")) {
			if (!line.isBlank() && !line.startsWith("#")) {
				Matcher name = IDENTIFIER.matcher(line);
				assertThat(name.lookingAt()).as(line).isTrue();
				exported.add(name.group());
			}
		}
		// What the rules depend on beyond names: the latency buckets around 5 s and the data directory's disk.
		assertThat(metrics).containsPattern("http_server_requests_seconds_bucket\\{[^}]*le=\"5.0\"")
			.containsPattern("qp_project_rating_bucket\\{[^}]*le=\"3.0\"")
			.containsPattern("disk_free_bytes\\{[^}]*path=\"" + Pattern.quote(dataDir().toAbsolutePath().toString()));

		Set<String> queried = new TreeSet<>();
		for (Object group : list(map(new Yaml().load(Files.readString(Path.of("deploy/prometheus/alerts.yml"))))
			.get("groups"))) {
			for (Object rule : list(map(group).get("rules"))) {
				queried.addAll(metricNames(map(rule).get("expr").toString()));
			}
		}
		try (Stream<Path> dashboards = Files.list(Path.of("deploy/grafana/dashboards"))) {
			for (Path file : dashboards.filter(f -> f.toString().endsWith(".json")).toList()) {
				JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(file));
				for (JsonNode panel : dashboard.path("panels")) {
					for (JsonNode target : panel.path("targets")) {
						queried.addAll(metricNames(target.path("expr").asString()));
					}
				}
			}
		}
		assertThat(queried).contains("qp_project_rating_count", "qp_projects", "http_server_requests_seconds_bucket",
				"system_cpu_usage", "qp_hitl_decision_seconds_sum", "up");

		String mainSources = mainSources();
		for (String name : queried) {
			if (PROMETHEUS_SERIES.contains(name)) {
				continue;
			}
			if (BORN_WITH_THEIR_FIRST_EVENT.containsKey(name) && !exported.contains(name)) {
				assertThat(mainSources).as("%s is registered by the code", name)
					.contains("\"" + BORN_WITH_THEIR_FIRST_EVENT.get(name) + "\"");
				continue;
			}
			assertThat(exported).as("%s is queried by the monitoring files", name).contains(name);
		}
	}

	@Test
	void metricNamesAreTakenFromPromqlWithoutFunctionsLabelsOrRanges() {
		assertThat(metricNames("""
				histogram_quantile(0.95, sum by (le) (rate(http_server_requests_seconds_bucket{job="quantapilot", \
				uri=~"/api/.*"}[5m]))) > 5 and on (instance) up == 1 or vector(0) * $__interval_ms"""))
			.containsExactlyInAnyOrder("http_server_requests_seconds_bucket", "up");
	}

	static Set<String> metricNames(String expr) {
		String text = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
			.replaceAll("\\{[^}]*}", " ")
			.replaceAll("\\[[^]]*]", " ")
			.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
			.replaceAll("\\$\\w+", " ");
		Set<String> names = new LinkedHashSet<>();
		Matcher token = IDENTIFIER.matcher(text);
		while (token.find()) {
			String word = token.group();
			boolean call = text.substring(token.end()).matches("(?s)\\s*\\(.*");
			boolean partOfNumber = token.start() > 0 && Character.isDigit(text.charAt(token.start() - 1));
			if (!call && !partOfNumber && !PROMQL_WORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
				names.add(word);
			}
		}
		return names;
	}

	private static String mainSources() throws IOException {
		StringBuilder all = new StringBuilder();
		try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
			for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
				all.append(Files.readString(file));
			}
		}
		return all.toString();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	private static List<?> list(Object value) {
		return value == null ? List.of() : (List<?>) value;
	}

}
