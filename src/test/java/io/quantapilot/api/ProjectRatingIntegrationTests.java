package io.quantapilot.api;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.quantapilot.identity.ApiKeyService;
import io.quantapilot.identity.UserRole;
import io.quantapilot.identity.UserService;
import io.quantapilot.support.Api;
import io.quantapilot.support.ApplicationIntegrationTest;
import io.quantapilot.support.Examples;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Satisfaction ratings through the API and the dashboard's form: validation (scores outside 1 to 5, a
 * project still going, an unknown one), one rating per person and project, the project's GET, viewers
 * rating, the CSRF check of the form, and the {@code qp_project_rating} metrics.
 */
class ProjectRatingIntegrationTests extends ApplicationIntegrationTest {

	private static final String PASSWORD = "a long rating test password";

	private static final Pattern HIDDEN_CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	@Autowired
	UserService users;

	@Autowired
	ApiKeyService keys;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aFinishedProjectIsRatedOncePerPersonThroughTheApiAndInvalidRatingsAreRefused() {
		String id = createProject(Examples.readme("notes-cli-python"));
		String path = "/api/v1/projects/" + id + "/rating";

		Api.Response early = api().post(path, Map.of("score", 5));
		assertThat(early.status()).as(early.body()).isEqualTo(409);
		assertThat(early.json().path("error").path("code").asString()).isEqualTo("CONFLICT");

		cancel(id);
		for (Object bad : new Object[] { 0, 6, -1, 4.5, "4", true }) {
			Api.Response refused = api().post(path, Map.of("score", bad));
			assertThat(refused.status()).as("score %s: %s", bad, refused.body()).isEqualTo(400);
			assertThat(refused.json().path("error").path("details").path("field").asString()).isEqualTo("score");
		}
		assertThat(api().post(path, Map.of("comment", "no score")).status()).isEqualTo(400);
		assertThat(api().post(path, Map.of("score", 3, "comment", "x".repeat(2001))).status()).isEqualTo(400);
		assertThat(api().post("/api/v1/projects/" + UUID.randomUUID() + "/rating", Map.of("score", 3)).status())
			.isEqualTo(404);
		assertThat(api().sendJson("POST", path, "{\"score\": ").status()).isEqualTo(400);
		assertThat(new Api("http://localhost:" + port, null).post(path, Map.of("score", 3)).status()).isEqualTo(401);
		assertThat(jdbc.sql("SELECT count(*) FROM project_ratings WHERE project_id = CAST(:id AS uuid)")
			.param("id", id)
			.query(Long.class)
			.single()).as("nothing stored by refused ratings").isZero();

		Api.Response rated = api().post(path, Map.of("score", 2, "comment", "  too slow  "));
		assertThat(rated.status()).as(rated.body()).isEqualTo(200);
		assertThat(rated.json().path("score").asInt()).isEqualTo(2);
		assertThat(rated.json().path("comment").asString()).isEqualTo("too slow");
		assertThat(rated.json().path("rated_by").asString()).isEqualTo("admin");
		assertThat(rated.json().path("channel").asString()).isEqualTo("api");

		// Rating again replaces the person's rating.
		assertThat(api().post(path, Map.of("score", 4)).status()).isEqualTo(200);
		// A viewer may rate too: a rating is feedback, not steering.
		Api viewer = api().withKey(viewerKey());
		assertThat(viewer.post(path, Map.of("score", 5, "comment", "nice")).status()).isEqualTo(200);

		JsonNode project = api().get("/api/v1/projects/" + id).json();
		JsonNode rating = project.path("rating");
		assertThat(rating.path("rateable").asBoolean()).isTrue();
		assertThat(rating.path("count").asLong()).isEqualTo(2);
		assertThat(rating.path("average").decimalValue()).isEqualByComparingTo("4.5");
		assertThat(rating.path("scores").path("4").asLong()).isEqualTo(1);
		assertThat(rating.path("scores").path("5").asLong()).isEqualTo(1);
		assertThat(rating.path("scores").path("2").asLong()).isZero();
		assertThat(rating.path("mine").path("score").asInt()).isEqualTo(4);
		assertThat(rating.path("mine").path("comment").isNull()).as("the replacement had no comment").isTrue();
		assertThat(viewer.get("/api/v1/projects/" + id).json().path("rating").path("mine").path("comment").asString())
			.isEqualTo("nice");

		JsonNode all = api().get("/api/v1/projects/" + id + "/ratings").json().path("ratings");
		assertThat(all).hasSize(2);
		assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'project.rated' AND target_id = :id")
			.param("id", id)
			.query(Long.class)
			.single()).isEqualTo(3);
	}

	@Test
	void ratingsAreExportedAsMetrics() {
		String id = createProject(Examples.readme("notes-cli-python"));
		cancel(id);
		double before = metric("qp_project_rating_count");
		double threesBefore = metric("qp_project_rating_bucket{application=\"quantapilot\",le=\"3.0\"}");
		assertThat(api().post("/api/v1/projects/" + id + "/rating", Map.of("score", 3)).status()).isEqualTo(200);
		assertThat(metric("qp_project_rating_count")).isEqualTo(before + 1);
		assertThat(metric("qp_project_rating_bucket{application=\"quantapilot\",le=\"3.0\"}")).isEqualTo(threesBefore + 1);
		long stored = jdbc.sql("SELECT count(*) FROM project_ratings WHERE score = 3").query(Long.class).single();
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(metric("qp_project_ratings{application=\"quantapilot\",score=\"3\"}"))
				.isEqualTo(stored));
	}

	@Test
	void theProjectPageRatesAFinishedProjectWithTheSessionsCsrfToken() {
		String id = createProject(Examples.readme("notes-cli-python"));
		String name = "viewer-" + UUID.randomUUID().toString().substring(0, 8);
		users.create(name, PASSWORD, UserRole.VIEWER, "test");
		Browser browser = new Browser();
		browser.signIn(name, PASSWORD);

		HttpResponse<String> going = browser.get("/projects/" + id);
		assertThat(going.statusCode()).isEqualTo(200);
		assertThat(going.body()).doesNotContain("id=\"rating-form\"");
		String csrf = match(HIDDEN_CSRF, browser.get("/settings").body());
		assertThat(browser.post("/projects/" + id + "/rating", Map.of("score", "4", "_csrf", csrf)).statusCode())
			.as("a project still going").isEqualTo(409);

		cancel(id);
		String page = browser.get("/projects/" + id).body();
		assertThat(page).contains("id=\"rating-form\"", "Nobody has rated this project yet.");
		String formCsrf = match(Pattern.compile("id=\"rating-form\"[^>]*>\\s*<input type=\"hidden\" name=\"_csrf\" value=\"([^\"]+)\""), page);

		assertThat(browser.post("/projects/" + id + "/rating", Map.of("score", "4")).statusCode()).as("no token")
			.isEqualTo(403);
		assertThat(browser.post("/projects/" + id + "/rating", Map.of("score", "4", "_csrf", formCsrf + "x"))
			.statusCode()).as("wrong token").isEqualTo(403);
		assertThat(browser.post("/projects/" + id + "/rating", Map.of("score", "6", "_csrf", formCsrf)).statusCode())
			.isEqualTo(400);
		assertThat(browser.post("/projects/" + id + "/rating", Map.of("_csrf", formCsrf)).statusCode()).isEqualTo(400);
		assertThat(jdbc.sql("SELECT count(*) FROM project_ratings WHERE project_id = CAST(:id AS uuid)")
			.param("id", id)
			.query(Long.class)
			.single()).isZero();

		HttpResponse<String> rated = browser.post("/projects/" + id + "/rating",
				Map.of("score", "4", "comment", "clear <b>docs</b>", "_csrf", formCsrf));
		assertThat(rated.statusCode()).isEqualTo(303);
		assertThat(rated.headers().firstValue("Location").orElseThrow()).endsWith("/projects/" + id + "?done=rated#rating");
		String after = browser.get("/projects/" + id + "?done=rated").body();
		assertThat(after).contains("Thank you for rating this project.", "You rated it", "4 / 5", "clear &lt;b&gt;docs&lt;/b&gt;",
				"id=\"score-4\" value=\"4\" required checked");
		Map<String, Object> row = jdbc.sql("SELECT username, score, comment, channel FROM project_ratings WHERE project_id = CAST(:id AS uuid)")
			.param("id", id)
			.query()
			.singleRow();
		assertThat(row).containsEntry("username", name).containsEntry("channel", "dashboard").containsEntry("comment",
				"clear <b>docs</b>");
		assertThat(((Number) row.get("score")).intValue()).isEqualTo(4);
		assertThat(api().get("/api/v1/projects/" + id).json().path("rating").path("count").asLong()).isEqualTo(1);
	}

	private void cancel(String id) {
		// Cancelled once the plan waits: a cancel in the very first moments can meet the workflow still starting.
		awaitStatus(id, "awaiting_approval", Duration.ofSeconds(90));
		Api.Response cancelled = api().post("/api/v1/projects/" + id + "/workflow/actions", Map.of("action", "cancel"));
		assertThat(cancelled.status()).as(cancelled.body()).isLessThan(300);
		awaitStatus(id, "cancelled", Duration.ofSeconds(30));
	}

	private String viewerKey() {
		String name = "viewer-" + UUID.randomUUID().toString().substring(0, 8);
		UUID user = users.create(name, PASSWORD, UserRole.VIEWER, "test");
		return keys.create("rating test", user, null, "test").secret();
	}

	/** The value of one sample of {@code /metrics}, given as its name with labels, or the first of its name. */
	private double metric(String sample) {
		String text = api().get("/metrics").body();
		for (String line : text.split("\n")) {
			if (line.startsWith(sample + " ") || (!sample.contains("{") && line.startsWith(sample + "{"))) {
				return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		throw new AssertionError(sample + " not in /metrics");
	}

	private static String match(Pattern pattern, String text) {
		Matcher m = pattern.matcher(text);
		assertThat(m.find()).as("%s in the page", pattern).isTrue();
		return m.group(1);
	}

	/** A browser with a cookie jar that does not follow redirects. */
	private final class Browser {

		private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

		private final Map<String, String> cookies = new LinkedHashMap<>();

		void signIn(String username, String password) {
			String form = get("/signin").body();
			HttpResponse<String> response = post("/signin", Map.of("username", username, "password", password, "_csrf",
					match(HIDDEN_CSRF, form), "next", "/"));
			assertThat(response.statusCode()).isEqualTo(303);
		}

		HttpResponse<String> get(String path) {
			return send(request(path).GET());
		}

		HttpResponse<String> post(String path, Map<String, String> form) {
			String body = form.entrySet()
				.stream()
				.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
						+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
				.collect(Collectors.joining("&"));
			return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body)));
		}

		private HttpRequest.Builder request(String path) {
			HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
				.timeout(Duration.ofSeconds(30))
				.header("Accept", "text/html");
			if (!cookies.isEmpty()) {
				builder.header("Cookie", cookies.entrySet()
					.stream()
					.map(e -> e.getKey() + "=" + e.getValue())
					.collect(Collectors.joining("; ")));
			}
			return builder;
		}

		private HttpResponse<String> send(HttpRequest.Builder builder) {
			try {
				HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
				for (String header : response.headers().allValues("Set-Cookie")) {
					String pair = header.split(";", 2)[0];
					cookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
				}
				return response;
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

}
