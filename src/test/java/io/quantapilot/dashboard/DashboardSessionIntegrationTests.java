package io.quantapilot.dashboard;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.quantapilot.identity.UserRole;
import io.quantapilot.identity.UserService;
import io.quantapilot.support.ApplicationIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's sessions and their protections over plain HTTP, as a browser (or an attacker) would send
 * it: sign-in sessions recorded in {@code user_sessions} with HttpOnly SameSite cookies, CSRF tokens on every
 * state-changing request, expiry, sign-out, roles, and an API that still only takes API keys.
 */
class DashboardSessionIntegrationTests extends ApplicationIntegrationTest {

	private static final String PASSWORD = "a long http test password";

	private static final Pattern HIDDEN_CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private static final Pattern META_CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\"");

	@Autowired
	UserService users;

	@Autowired
	JdbcClient jdbc;

	/** A browser without a cookie jar of its own: cookies are kept here, redirects are not followed. */
	private final class Client {

		private final HttpClient http = HttpClient.newBuilder()
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();

		final Map<String, String> cookies = new LinkedHashMap<>();

		HttpResponse<String> get(String path, String accept) {
			return send(request(path).header("Accept", accept).GET());
		}

		HttpResponse<String> get(String path) {
			return get(path, "text/html");
		}

		HttpResponse<String> post(String path, Map<String, String> form, Map<String, String> headers) {
			String body = form.entrySet()
				.stream()
				.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
						+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
				.collect(Collectors.joining("&"));
			HttpRequest.Builder builder = request(path).header("Content-Type", "application/x-www-form-urlencoded")
				.header("Accept", "text/html")
				.POST(HttpRequest.BodyPublishers.ofString(body));
			headers.forEach(builder::header);
			return send(builder);
		}

		HttpResponse<String> post(String path, Map<String, String> form) {
			return post(path, form, Map.of());
		}

		private HttpRequest.Builder request(String path) {
			HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
				.timeout(Duration.ofSeconds(30))
				.header("User-Agent", "DashboardSessionIntegrationTests");
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
					String name = pair.substring(0, pair.indexOf('='));
					String value = pair.substring(pair.indexOf('=') + 1);
					if (value.isEmpty() || header.contains("Max-Age=0")) {
						cookies.remove(name);
					}
					else {
						cookies.put(name, value);
					}
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

		/** Signs in through the form; returns the sign-in response. */
		HttpResponse<String> signIn(String username, String password) {
			String form = get("/signin").body();
			return post("/signin", Map.of("username", username, "password", password, "_csrf", match(HIDDEN_CSRF, form),
					"next", "/"));
		}

		/** The CSRF token of the signed-in session, as a page carries it. */
		String csrf() {
			return match(META_CSRF, get("/settings").body());
		}

	}

	private static String match(Pattern pattern, String text) {
		Matcher m = pattern.matcher(text);
		assertThat(m.find()).as("%s in %s", pattern, text.length() > 500 ? text.substring(0, 500) : text).isTrue();
		return m.group(1);
	}

	private String user(UserRole role) {
		String name = role.wireName() + "-" + UUID.randomUUID().toString().substring(0, 8);
		users.create(name, PASSWORD, role, "test");
		return name;
	}

	@Test
	void pagesSendStrangersToSignInAndStreamsRefuseThem() {
		Client stranger = new Client();
		HttpResponse<String> page = stranger.get("/projects?status=failed");
		assertThat(page.statusCode()).isEqualTo(303);
		assertThat(page.headers().firstValue("Location").orElseThrow())
			.endsWith("/signin?next=%2Fprojects%3Fstatus%3Dfailed");
		assertThat(stranger.get("/projects/" + UUID.randomUUID() + "/stream", "text/event-stream").statusCode())
			.isEqualTo(401);
		assertThat(stranger.post("/projects/" + UUID.randomUUID() + "/cancel", Map.of("_csrf", "x")).statusCode())
			.isEqualTo(401);
		assertThat(stranger.get("/signin").body()).contains("<h1>Sign in</h1>");
	}

	@Test
	void signingInRecordsAServerSideSessionBehindAnHttpOnlySameSiteCookie() {
		String name = user(UserRole.OPERATOR);
		Client browser = new Client();
		HttpResponse<String> signedIn = browser.signIn(name, PASSWORD);
		assertThat(signedIn.statusCode()).isEqualTo(303);
		assertThat(signedIn.headers().firstValue("Location").orElseThrow()).endsWith("/");
		String cookie = signedIn.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter(c -> c.startsWith("qp_session="))
			.findFirst()
			.orElseThrow();
		assertThat(cookie).contains("HttpOnly", "SameSite=Lax", "Path=/");
		String token = browser.cookies.get("qp_session");
		assertThat(jdbc.sql("SELECT count(*) FROM user_sessions WHERE token_hash LIKE :t OR csrf_token = :t")
			.param("t", token)
			.query(Long.class)
			.single()).as("only the token's hash is stored").isZero();
		Map<String, Object> row = jdbc.sql("""
				SELECT s.ip, s.user_agent, s.created_at, s.last_seen_at, s.expires_at, s.revoked_at
				FROM user_sessions s JOIN users u ON u.id = s.user_id WHERE u.username = :u""")
			.param("u", name)
			.query()
			.singleRow();
		assertThat(row.get("ip")).isNotNull();
		assertThat(row.get("user_agent")).isEqualTo("DashboardSessionIntegrationTests");
		assertThat(row.get("revoked_at")).isNull();

		HttpResponse<String> overview = browser.get("/");
		assertThat(overview.statusCode()).isEqualTo(200);
		assertThat(overview.body()).contains("<h1>Overview</h1>", name);
		assertThat(overview.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'");
		assertThat(overview.headers().firstValue("X-Frame-Options")).contains("DENY");
		assertThat(overview.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));

		// The session is not an API credential: the API still wants a key.
		assertThat(browser.get("/api/v1/projects", "application/json").statusCode()).isEqualTo(401);
	}

	@Test
	void everyStateChangingRequestNeedsTheSessionsCsrfToken() {
		String name = user(UserRole.ADMIN);
		Client browser = new Client();
		browser.signIn(name, PASSWORD);
		String csrf = browser.csrf();

		HttpResponse<String> missing = browser.post("/settings/keys", Map.of("name", "no token"));
		assertThat(missing.statusCode()).isEqualTo(403);
		assertThat(missing.body()).contains("security token");
		assertThat(browser.post("/settings/keys", Map.of("name", "wrong token", "_csrf", csrf + "x")).statusCode())
			.isEqualTo(403);
		Client other = new Client();
		other.signIn(user(UserRole.ADMIN), PASSWORD);
		assertThat(browser.post("/settings/keys", Map.of("name", "other token", "_csrf", other.csrf())).statusCode())
			.as("another session's token").isEqualTo(403);
		assertThat(browser.post("/signout", Map.of()).statusCode()).isEqualTo(403);
		assertThat(jdbc.sql("SELECT count(*) FROM api_keys WHERE name LIKE '%token'").query(Long.class).single())
			.isZero();

		HttpResponse<String> created = browser.post("/settings/keys", Map.of("name", "with token", "_csrf", csrf));
		assertThat(created.statusCode()).isEqualTo(200);
		assertThat(created.body()).contains("Copy the key now", "qp_");
		assertThat(created.headers().firstValue("Cache-Control")).contains("no-store");
		HttpResponse<String> viaHeader = browser.post("/settings/keys", Map.of("name", "header token"),
				Map.of("X-CSRF-Token", csrf));
		assertThat(viaHeader.statusCode()).isEqualTo(200);

		// The sign-in form has its own token (a cookie and a field that must match).
		Client stranger = new Client();
		HttpResponse<String> forged = stranger.post("/signin",
				Map.of("username", name, "password", PASSWORD, "_csrf", "made-up"));
		assertThat(forged.statusCode()).isEqualTo(403);
		assertThat(stranger.cookies).doesNotContainKey("qp_session");
	}

	@Test
	void anExpiredSessionSendsTheBrowserBackToSignIn() {
		String name = user(UserRole.OPERATOR);
		Client browser = new Client();
		browser.signIn(name, PASSWORD);
		assertThat(browser.get("/decisions").statusCode()).isEqualTo(200);
		jdbc.sql("""
				UPDATE user_sessions SET expires_at = now() - interval '1 second'
				WHERE user_id = (SELECT id FROM users WHERE username = :u)""").param("u", name).update();

		HttpResponse<String> expired = browser.get("/decisions");
		assertThat(expired.statusCode()).isEqualTo(303);
		assertThat(expired.headers().firstValue("Location").orElseThrow()).contains("/signin?next=%2Fdecisions");
		assertThat(browser.cookies).as("the dead cookie is cleared").doesNotContainKey("qp_session");
	}

	@Test
	void usingASessionKeepsItAliveUntilItsMaximumLifetime() {
		String name = user(UserRole.VIEWER);
		Client browser = new Client();
		browser.signIn(name, PASSWORD);
		jdbc.sql("""
				UPDATE user_sessions SET last_seen_at = now() - interval '10 minutes',
				    expires_at = now() + interval '5 minutes'
				WHERE user_id = (SELECT id FROM users WHERE username = :u)""").param("u", name).update();
		assertThat(browser.get("/").statusCode()).isEqualTo(200);
		Map<String, Object> row = jdbc.sql("""
				SELECT expires_at > now() + interval '1 hour' AS extended,
				       expires_at <= created_at + interval '12 hours' AS bounded,
				       last_seen_at > now() - interval '1 minute' AS seen
				FROM user_sessions WHERE user_id = (SELECT id FROM users WHERE username = :u)""")
			.param("u", name)
			.query()
			.singleRow();
		assertThat(row).containsEntry("extended", true).containsEntry("bounded", true).containsEntry("seen", true);
	}

	@Test
	void signingOutEndsTheSessionForGood() {
		String name = user(UserRole.OPERATOR);
		Client browser = new Client();
		browser.signIn(name, PASSWORD);
		String token = browser.cookies.get("qp_session");
		HttpResponse<String> out = browser.post("/signout", Map.of("_csrf", browser.csrf()));
		assertThat(out.statusCode()).isEqualTo(303);
		assertThat(out.headers().firstValue("Location").orElseThrow()).endsWith("/signin?signed_out");
		assertThat(browser.cookies).doesNotContainKey("qp_session");

		browser.cookies.put("qp_session", token);
		assertThat(browser.get("/").statusCode()).as("the old cookie replayed").isEqualTo(303);
		assertThat(jdbc.sql("""
				SELECT revoked_at IS NOT NULL FROM user_sessions
				WHERE user_id = (SELECT id FROM users WHERE username = :u)""").param("u", name).query(Boolean.class).single())
			.isTrue();
	}

	@Test
	void viewersLookButCannotSteerDecideOrManageKeys() {
		Client viewer = new Client();
		viewer.signIn(user(UserRole.VIEWER), PASSWORD);
		String csrf = viewer.csrf();
		for (String path : List.of("/", "/projects", "/decisions", "/costs", "/system", "/settings")) {
			assertThat(viewer.get(path).statusCode()).as(path).isEqualTo(200);
		}
		assertThat(viewer.get("/settings").body()).doesNotContain("Create key");
		UUID someId = UUID.randomUUID();
		// The role is checked before anything is looked up, so made-up ids show it as well as real ones.
		for (String path : List.of("/projects/" + someId + "/pause", "/projects/" + someId + "/resume",
				"/projects/" + someId + "/retry", "/projects/" + someId + "/cancel", "/decisions/" + someId,
				"/settings/keys", "/settings/keys/" + someId + "/revoke")) {
			HttpResponse<String> refused = viewer.post(path, Map.of("_csrf", csrf, "decision", "approve", "name", "x"));
			assertThat(refused.statusCode()).as(path).isEqualTo(403);
			assertThat(refused.body()).contains("Not allowed");
		}
		assertThat(viewer.get("/projects/new").statusCode()).isEqualTo(403);

		Client operator = new Client();
		operator.signIn(user(UserRole.OPERATOR), PASSWORD);
		assertThat(operator.post("/settings/keys", Map.of("_csrf", operator.csrf(), "name", "x")).statusCode())
			.as("only administrators manage keys").isEqualTo(403);
		assertThat(operator.get("/projects/new").statusCode()).isEqualTo(200);
	}

	@Test
	void aProjectStartsFromPastedReadmeTextAndBadInputIsShownBackOnTheForm() {
		Client operator = new Client();
		operator.signIn(user(UserRole.OPERATOR), PASSWORD);
		String csrf = operator.csrf();
		HttpResponse<String> invalid = operator.post("/projects",
				Map.of("_csrf", csrf, "readme", "# Thing\n", "repositoryUrl", "https://example.com/x.git"));
		assertThat(invalid.statusCode()).isEqualTo(400);
		assertThat(invalid.body()).contains("give either readme or repository_url, not both", "# Thing");
		HttpResponse<String> badNumber = operator.post("/projects",
				Map.of("_csrf", csrf, "readme", "# Thing\n", "maxTokens", "lots"));
		assertThat(badNumber.statusCode()).isEqualTo(400);
		assertThat(badNumber.body()).contains("token budget must be a number");

		HttpResponse<String> created = operator.post("/projects", Map.of("_csrf", csrf, "name", "pasted-readme",
				"readme", "# Pasted\n\nA tiny Python tool.\n", "maxCostUsd", "5", "stageReview", "never"));
		assertThat(created.statusCode()).isEqualTo(303);
		String id = created.headers().firstValue("Location").orElseThrow().replaceAll(".*/projects/", "");
		var project = api().get("/api/v1/projects/" + id).json();
		assertThat(project.path("name").asString()).isEqualTo("pasted-readme");
		assertThat(api().delete("/api/v1/projects/" + id).status()).isEqualTo(204);
		HttpResponse<String> page = operator.get("/projects/" + id);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("pasted-readme", "cancelled");
	}

	@Test
	void theProjectListFindsProjectsByNameAndStatus() {
		Client viewer = new Client();
		viewer.signIn(user(UserRole.VIEWER), PASSWORD);
		HttpResponse<String> none = viewer.get("/projects?q=" + URLEncoder.encode("%_no such project_%",
				StandardCharsets.UTF_8) + "&status=completed");
		assertThat(none.statusCode()).isEqualTo(200);
		assertThat(none.body()).contains("No project matches.");
		assertThat(viewer.get("/projects?status=nonsense").statusCode()).isEqualTo(400);
		assertThat(viewer.get("/projects/not-a-uuid").statusCode()).isEqualTo(400);
		assertThat(viewer.get("/projects/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
	}

}
