package io.quantapilot.dashboard;

import java.time.Duration;
import java.util.UUID;

import io.quantapilot.decisions.DecisionService;
import io.quantapilot.decisions.DecisionStatus;
import io.quantapilot.identity.UserRole;
import io.quantapilot.identity.UserService;
import io.quantapilot.support.ApplicationIntegrationTest;
import io.quantapilot.support.Examples;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless Chromium: a person signs in, starts a project from a README file, watches
 * the agent log stream in, approves the plan in the inbox while a viewer watches the answer arrive (and cannot
 * answer), and sees the project complete; repeated wrong passwords lock a user out. Every main page is checked
 * with axe-core and photographed at desktop and phone sizes into {@code target/screenshots/}.
 */
class DashboardBrowserIntegrationTests extends ApplicationIntegrationTest {

	private static final Duration PIPELINE = Duration.ofMinutes(3);

	private static final Duration LIVE = Duration.ofSeconds(60);

	private static final String PASSWORD = "a long browser test password";

	@Autowired
	UserService users;

	@Autowired
	DecisionService decisions;

	@Autowired
	JdbcClient jdbc;

	private String baseUrl() {
		return "http://localhost:" + port;
	}

	private String user(UserRole role) {
		String name = role.wireName() + "-" + UUID.randomUUID().toString().substring(0, 8);
		users.create(name, PASSWORD, role, "test");
		return name;
	}

	@Test
	void signInStartFromAReadmeFollowTheLogApproveThePlanAndSeeTheProjectComplete() {
		String adminName = user(UserRole.ADMIN);
		String viewerName = user(UserRole.VIEWER);
		try (Browser admin = new Browser(baseUrl()); Browser viewer = new Browser(baseUrl())) {
			admin.open("/projects");
			admin.await(LIVE, "the sign-in form", d -> admin.path().startsWith("/signin?next="));
			checkPage(admin, "signin");
			admin.find("#username").sendKeys(adminName);
			admin.find("#password").sendKeys(PASSWORD);
			admin.find("#signin-submit").click();
			admin.await(LIVE, "back on the projects page after signing in", d -> admin.path().equals("/projects"));
			admin.open("/");
			assertThat(admin.text("h1")).isEqualTo("Overview");
			checkPage(admin, "overview");

			// Start a project from the example README, uploaded as a file.
			admin.open("/projects");
			admin.find("#new-project").click();
			checkPage(admin, "project-new");
			admin.find("#readmeFile").sendKeys(Examples.path("notes-cli-python").toAbsolutePath().toString());
			admin.find("#create-project").click();
			admin.await(LIVE, "the new project's page", d -> admin.path().matches("/projects/[0-9a-f-]{36}"));
			UUID projectId = UUID.fromString(admin.path().substring("/projects/".length()));
			assertThat(admin.text("h1")).isEqualTo("Notes CLI");

			// The agent log streams in, and the page updates itself when the plan waits for approval.
			admin.await(LIVE, "log lines streamed by the server",
					d -> admin.all("#log li.live").size() >= 3);
			admin.await(LIVE, "the plan approval showing up on the project page",
					d -> !admin.all(".pending-decision-link").isEmpty()
							&& admin.text("#project-status").equals("awaiting approval"));
			assertThat(admin.text("#log")).contains("architect", "offline provider: writing from templates");
			checkPage(admin, "project-awaiting-approval");

			// The inbox lists the plan approval; its page shows the plan.
			admin.find("nav.main-nav a[href='/decisions']").click();
			admin.await(LIVE, "the inbox", d -> !admin.all("#decision-list .inbox-item").isEmpty());
			checkPage(admin, "decisions");
			admin.find("#decision-list .inbox-item a.inbox-title").click();
			admin.await(LIVE, "the decision page", d -> admin.path().matches("/decisions/[0-9a-f-]{36}"));
			UUID decisionId = UUID.fromString(admin.path().substring("/decisions/".length()));
			assertThat(decisions.get(decisionId).projectId()).isEqualTo(projectId);
			assertThat(admin.text("main")).contains("Stages", "Budget");
			checkPage(admin, "decision");

			// A viewer sees the same decision but cannot answer it, not even with a hand-made request.
			viewer.signIn(viewerName, PASSWORD);
			viewer.await(LIVE, "the viewer signed in", d -> viewer.path().equals("/"));
			viewer.open("/decisions/" + decisionId);
			assertThat(viewer.all("#decide-form")).isEmpty();
			assertThat(viewer.text("#read-only-note")).contains("viewer");
			Object forged = ((JavascriptExecutor) viewer.driver()).executeAsyncScript("""
					const done = arguments[arguments.length - 1];
					fetch(location.pathname, {method: 'POST', headers: {
					    'X-CSRF-Token': document.querySelector('meta[name=csrf-token]').content,
					    'Content-Type': 'application/x-www-form-urlencoded'},
					  body: 'decision=approve&comments=sneaky'}).then(r => done(r.status));""");
			assertThat(((Number) forged).intValue()).isEqualTo(403);
			assertThat(decisions.get(decisionId).status()).isEqualTo(DecisionStatus.PENDING);

			// The admin approves; the viewer's page shows the answer without reloading.
			admin.find("#comments").sendKeys("Looks good: build it");
			admin.find("#decide-approve").click();
			admin.await(LIVE, "the recorded answer", d -> admin.text("#decision-status").equals("approved"));
			assertThat(admin.text("#decision-outcome")).contains("Approved by " + adminName, "Looks good: build it");
			viewer.await(LIVE, "the answer arriving live on the viewer's page",
					d -> viewer.text("#decision-status").equals("approved"));
			assertThat(viewer.text("#decision-outcome")).contains(adminName);
			assertThat(viewer.text("#live-status")).contains("just answered");

			// Back on the project page: the log goes on streaming and the page follows it to completion.
			admin.open("/projects/" + projectId);
			int linesBefore = admin.all("#log li").size();
			admin.await(PIPELINE, "the project completing, seen live",
					d -> "completed".equals(admin.find("#project-status").getAttribute("data-status")));
			admin.await(LIVE, "the stream ending", d -> admin.text("#log-live").equals("finished"));
			assertThat(admin.all("#log li.live")).isNotEmpty();
			assertThat(admin.all("#log li").size()).isGreaterThan(linesBefore);
			assertThat(admin.text("#log")).contains("developer");
			assertThat(admin.all(".timeline-item")).hasSizeBetween(3, 5)
				.allSatisfy(stage -> assertThat(stage.findElement(By.cssSelector(".badge")).getText()).isEqualTo("completed"))
				.allSatisfy(stage -> assertThat(stage.getText()).contains("passed", "merged"));
			assertThat(admin.find(".step[data-node='release']").getAttribute("class")).contains("step-done");
			checkPage(admin, "project-completed");

			// A finished project can be rated on its page (the form appears when the page is opened again).
			admin.open("/projects/" + projectId);
			admin.find("label[for='score-4']").click();
			admin.find("#rating-comment").sendKeys("tests pass, docs are thin");
			admin.find("#rate-button").click();
			admin.await(LIVE, "the rating recorded", d -> admin.all("#my-rating").size() == 1);
			assertThat(admin.text("#my-rating")).contains("4 / 5", "tests pass, docs are thin");
			assertThat(admin.text("#rating-summary")).contains("4.00 / 5", "1 rating");
			checkPage(admin, "project-rated");

			admin.open("/projects?status=completed&q=notes");
			assertThat(admin.text("table.projects")).contains("Notes CLI");
			checkPage(admin, "projects");
			admin.open("/costs");
			checkPage(admin, "costs");
			admin.open("/system");
			assertThat(admin.text("#system-status")).isIn("healthy", "degraded");
			checkPage(admin, "system");

			// An API key made here works on the API, and its secret is shown this once.
			admin.open("/settings?check=providers");
			assertThat(admin.text("#provider-checks")).contains("offline");
			admin.find("#key-name").sendKeys("browser test");
			admin.find("#create-key").click();
			String secret = admin.<String>await(LIVE, "the new key", d -> admin.text("#created-key-secret"));
			assertThat(api().withKey(secret).get("/api/v1/projects/" + projectId).status()).isEqualTo(200);
			checkPage(admin, "settings");
			admin.open("/settings");
			assertThat(admin.text("main")).doesNotContain(secret);
		}
	}

	@Test
	void repeatedWrongPasswordsLockTheUserOutEvenWithTheRightOneAfterwards() {
		String name = user(UserRole.OPERATOR);
		try (Browser browser = new Browser(baseUrl())) {
			for (int attempt = 1; attempt <= 5; attempt++) {
				browser.signIn(name, "wrong password " + attempt);
				String error = browser.<String>await(LIVE, "the refusal", d -> browser.text("#signin-error"));
				// The fifth failure locks the user, and says so.
				if (attempt < 5) {
					assertThat(error).isEqualTo("Wrong user name or password.");
				}
				else {
					assertThat(error).startsWith("Too many failed sign-ins");
				}
			}
			browser.signIn(name, PASSWORD);
			String lockout = browser.<String>await(LIVE, "the lockout", d -> browser.text("#signin-error"));
			assertThat(lockout).startsWith("Too many failed sign-ins for this user. Try again after");
			assertThat(browser.path()).startsWith("/signin");
			assertThat(browser.find("#username").getAttribute("value")).isEqualTo(name);
			checkPage(browser, "signin-locked-out");
		}
		assertThat(jdbc.sql("SELECT count(*) FROM user_sessions s JOIN users u ON u.id = s.user_id WHERE u.username = :u")
			.param("u", name)
			.query(Long.class)
			.single()).isZero();
		assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'user.locked_out' AND target_id = :u")
			.param("u", name)
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	/** No serious accessibility violation, nothing wider than a phone, and screenshots at desktop and phone sizes. */
	private static void checkPage(Browser browser, String name) {
		assertThat(browser.seriousAccessibilityViolations()).as("axe-core on " + browser.path()).isEmpty();
		assertThat(browser.overflowingOnAPhone()).as("sticking out on a phone: " + browser.path()).isEmpty();
		browser.screenshots(name);
	}

}
