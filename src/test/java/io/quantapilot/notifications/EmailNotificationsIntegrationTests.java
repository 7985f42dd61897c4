package io.quantapilot.notifications;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quantapilot.support.Api;
import io.quantapilot.support.Examples;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real mail to an in-process SMTP server: the plan-approval e-mail in HTML and text, its signed one-click
 * link followed the way a person (and a mail scanner) would — GET shows a form and decides nothing, POST
 * decides, a second use fails — and the completion mail at the end of the project.
 */
class EmailNotificationsIntegrationTests extends NotificationsIntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final Pattern APPROVE = Pattern.compile("Approve: (http\\S+)");

	private static final Pattern REJECT = Pattern.compile("Reject: (http\\S+)");

	@Test
	void decisionMailLinksAreSignedSingleUseAndOnlyAPostDecides() throws Exception {
		String address = "admin-" + System.nanoTime() + "@quantapilot.test";
		Api.Response preferences = api().sendJson("PUT", "/api/v1/notifications/preferences",
				Api.json().writeValueAsString(Map.of("email", address)));
		assertThat(preferences.status()).as(preferences.body()).isEqualTo(200);
		assertThat(preferences.json().path("channels").path("email").toString()).contains("hitl.decision_required",
				"project.completed", "project.failed");

		String project = createProject(Examples.readme("notes-cli-python"));
		String decisionId = awaitPendingDecision(project, "plan_approval", WAIT).path("decision_id").asString();
		MimeMessage mail = awaitMail(address, decisionId);
		assertThat(mail.getSubject()).startsWith("[QuantaPilot] Decision required: plan approval for ");
		assertThat(mail.getHeader("Message-ID")[0]).matches("<[0-9a-f-]{36}@quantapilot>");
		String text = part(mail, "text/plain");
		String html = part(mail, "text/html");
		assertThat(html).contains("<a href=\"http://localhost:" + port + "/notifications/decisions/", ">Approve</a>",
				"<ol");
		String approve = find(APPROVE, text);
		String reject = find(REJECT, text);

		// A mail scanner or a preview follows the link: a form, no decision.
		for (int i = 0; i < 2; i++) {
			Api.Response page = get(approve);
			assertThat(page.status()).isEqualTo(200);
			assertThat(page.body()).contains("<form method=\"post\">", "Confirm: approve", "answering as <strong>admin");
			assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
			assertThat(page.header("Cache-Control")).contains("no-store");
		}
		assertThat(decisionStatus(decisionId)).isEqualTo("pending");
		String forged = approve.substring(0, approve.length() - 2) + (approve.endsWith("A") ? "BB" : "AA");
		assertThat(get(forged).status()).isEqualTo(404);
		assertThat(post(forged, "").status()).isEqualTo(404);
		assertThat(decisionStatus(decisionId)).isEqualTo("pending");

		Api.Response confirmed = post(approve, "comments=ship+it");
		assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
		assertThat(confirmed.body()).contains("Approved", "approved by admin");
		JsonNode decision = api().get("/api/v1/hitl/decisions/" + decisionId).json();
		assertThat(decision.path("status").asString()).isEqualTo("approved");
		assertThat(decision.path("decided_by").asString()).isEqualTo("admin");
		assertThat(decision.path("decided_via").asString()).isEqualTo("email");
		assertThat(decision.path("comments").asString()).isEqualTo("ship it");

		// Used once: the same link, and the other one, no longer decide.
		assertThat(post(approve, "").status()).isEqualTo(410);
		assertThat(get(approve).status()).isEqualTo(410);
		Api.Response other = post(reject, "");
		assertThat(other.status()).isEqualTo(409);
		assertThat(other.body()).contains("approved by <strong>admin</strong> via email");
		assertThat(decisionStatus(decisionId)).isEqualTo("approved");

		MimeMessage completed = awaitMail(address, "is complete", Duration.ofMinutes(3));
		assertThat(completed.getSubject()).endsWith(" is complete");
		assertThat(part(completed, "text/plain")).contains("git clone http://localhost:" + port + "/git/");

		assertThat(api().sendJson("PUT", "/api/v1/notifications/preferences",
				Api.json().writeValueAsString(Map.of("email", "not an address"))).status()).isEqualTo(400);
		assertThat(api().sendJson("PUT", "/api/v1/notifications/preferences",
				Api.json().writeValueAsString(Map.of("channels", Map.of("email", List.of("no.such_event"))))).status())
			.isEqualTo(400);
		api().sendJson("PUT", "/api/v1/notifications/preferences", "{\"email\": null}");
	}

	private String decisionStatus(String decisionId) {
		return api().get("/api/v1/hitl/decisions/" + decisionId).json().path("status").asString();
	}

	private Api.Response get(String url) {
		return api().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET());
	}

	private Api.Response post(String url, String form) {
		return api().send(HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	private static MimeMessage awaitMail(String to, String containing) {
		return awaitMail(to, containing, WAIT);
	}

	private static MimeMessage awaitMail(String to, String containing, Duration timeout) {
		MimeMessage[] found = new MimeMessage[1];
		Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).alias("mail to " + to).until(() -> {
			for (MimeMessage message : MAIL.getReceivedMessages()) {
				boolean addressed = Arrays.stream(message.getRecipients(Message.RecipientType.TO))
					.anyMatch(a -> a.toString().equals(to));
				if (addressed && (message.getSubject().contains(containing) || part(message, "text/plain").contains(containing))) {
					found[0] = message;
					return true;
				}
			}
			return false;
		});
		return found[0];
	}

	private static String find(Pattern pattern, String text) {
		Matcher matcher = pattern.matcher(text);
		assertThat(matcher.find()).as(text).isTrue();
		return matcher.group(1);
	}

	/** The first body part of a MIME type, searching nested multiparts. */
	static String part(Part part, String type) throws Exception {
		if (part.isMimeType(type)) {
			return part.getContent().toString();
		}
		if (part.isMimeType("multipart/*")) {
			Multipart multipart = (Multipart) part.getContent();
			for (int i = 0; i < multipart.getCount(); i++) {
				BodyPart child = multipart.getBodyPart(i);
				String found = part(child, type);
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

}
