package io.quantapilot.notifications;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quantapilot.identity.ApiKeyService;
import io.quantapilot.identity.UserRole;
import io.quantapilot.identity.UserService;
import io.quantapilot.ops.cli.RootCommand;
import io.quantapilot.support.Api;
import io.quantapilot.support.Examples;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bot through a Telegram Bot API stand-in: linking with a one-time code, a plan approved with an inline
 * button, a plan rejected by command, a project created from a README, roles, a 429 with retry_after, a
 * forged webhook call, and a repeated update.
 */
class TelegramBotIntegrationTests extends NotificationsIntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@Autowired
	UserService users;

	@Autowired
	ApiKeyService keys;

	@Autowired
	JdbcClient jdbc;

	@Test
	void unlinkedChatsCanOnlyStartAndAskForHelpUntilLinkedWithAOneTimeCode() {
		long chat = 7001;
		TELEGRAM.push(message(chat, "/projects"));
		TELEGRAM.awaitMessage(chat, "This chat is not linked", WAIT);
		TELEGRAM.push(message(chat, "/help"));
		TELEGRAM.awaitMessage(chat, "quantapilot notifications link-code", WAIT);

		Api.Response code = api().post("/api/v1/notifications/telegram/link-codes", Map.of());
		assertThat(code.status()).isEqualTo(201);
		assertThat(code.json().path("username").asString()).isEqualTo("admin");
		TELEGRAM.push(message(chat, "/start " + code.json().path("code").asString().toLowerCase()));
		TELEGRAM.awaitMessage(chat, "Linked to QuantaPilot user <b>admin</b> (admin)", WAIT);
		TELEGRAM.push(message(chat, "/projects"));
		TELEGRAM.awaitMessage(chat, "projects", WAIT);

		// The code worked once.
		TELEGRAM.push(message(7002, "/start " + code.json().path("code").asString()));
		TELEGRAM.awaitMessage(7002, "unknown, used or expired", WAIT);
		assertThat(api().get("/api/v1/notifications/telegram/chats").json().path("chats").toString())
			.contains("\"chat_id\":7001").doesNotContain("7002");

		// The command line prints a code too.
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exit = RootCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), "notifications",
				"link-code", "--user", "admin", "--url", "http://localhost:" + port, "--api-key", ADMIN_KEY);
		assertThat(exit).as(err.toString()).isZero();
		String command = out.toString().replaceAll("(?s).*(/start [A-Z0-9]{10}).*", "$1");
		TELEGRAM.push(message(7002, command));
		TELEGRAM.awaitMessage(7002, "Linked to QuantaPilot user <b>admin</b>", WAIT);
		assertThat(TELEGRAM.calls("deleteWebhook")).as("long polling removes any webhook first").isNotEmpty();
	}

	@Test
	void planIsApprovedWithTheInlineButtonAndTheMessageShowsWhoDecided() {
		long chat = 7101;
		link(chat, "admin", api());
		String project = createProject(Examples.readme("notes-cli-python"));
		JsonNode decision = awaitPendingDecision(project, "plan_approval", WAIT);
		String decisionId = decision.path("decision_id").asString();

		TelegramStandIn.Call question = TELEGRAM.awaitMessage(chat, decisionId, WAIT);
		assertThat(question.text()).contains("Decision required: plan approval", "<b>Stages</b>");
		JsonNode buttons = question.params().path("reply_markup").path("inline_keyboard").get(0);
		assertThat(buttons.findValuesAsString("text")).containsExactly("✅ Approve", "❌ Reject", "✏️ Modify");
		long messageId = messageIdOf(question);

		TELEGRAM.push(buttonPress(chat, messageId, buttons.get(0).path("callback_data").asString()));
		TELEGRAM.await("answerCallbackQuery", c -> c.params().path("text").asString().equals("Approved."), WAIT);
		TelegramStandIn.Call edited = TELEGRAM.await("editMessageText",
				c -> c.params().path("message_id").asLong() == messageId, WAIT);
		assertThat(edited.text()).contains("✅ <b>Approved</b> by admin via telegram at ");
		assertThat(edited.params().path("reply_markup").path("inline_keyboard").size()).isZero();

		JsonNode decided = api().get("/api/v1/hitl/decisions/" + decisionId).json();
		assertThat(decided.path("status").asString()).isEqualTo("approved");
		assertThat(decided.path("decided_by").asString()).isEqualTo("admin");
		assertThat(decided.path("decided_via").asString()).isEqualTo("telegram");
		Awaitility.await().atMost(WAIT).until(() -> !"awaiting_approval"
			.equals(api().get("/api/v1/projects/" + project).json().path("status").asString()));

		// Pressing again (another device, a stale message) says who decided it and when.
		TELEGRAM.push(buttonPress(chat, messageId, buttons.get(1).path("callback_data").asString()));
		TelegramStandIn.Call again = TELEGRAM.await("answerCallbackQuery",
				c -> c.params().path("text").asString().startsWith("Already approved by admin at "), WAIT);
		assertThat(again.params().path("show_alert").asBoolean()).isTrue();
		assertThat(api().get("/api/v1/hitl/decisions/" + decisionId).json().path("status").asString())
			.isEqualTo("approved");
		assertThat(api().get("/metrics").body()).contains("qp_hitl_decision_seconds_count{")
			.containsPattern("qp_notifications_total\\{[^}]*channel=\"telegram\"[^}]*result=\"delivered\"");
		api().delete("/api/v1/projects/" + project);
	}

	@Test
	void planIsRejectedByCommandWithAReason() {
		long chat = 7201;
		link(chat, "admin", api());
		String project = createProject(Examples.readme("notes-cli-python"));
		String decisionId = awaitPendingDecision(project, "plan_approval", WAIT).path("decision_id").asString();
		TELEGRAM.awaitMessage(chat, decisionId, WAIT);

		TELEGRAM.push(message(chat, "/reject " + decisionId + " too big for now"));
		TELEGRAM.awaitMessage(chat, "plan approval: Rejected.", WAIT);
		JsonNode cancelled = awaitStatus(project, "cancelled", WAIT);
		assertThat(cancelled.path("failure_reason").asString()).contains("too big for now");
		JsonNode decision = api().get("/api/v1/hitl/decisions/" + decisionId).json();
		assertThat(decision.path("comments").asString()).isEqualTo("too big for now");
		assertThat(decision.path("decided_via").asString()).isEqualTo("telegram");

		TELEGRAM.push(message(chat, "/approve " + decisionId));
		TELEGRAM.awaitMessage(chat, "was rejected by admin at ", WAIT);
		TELEGRAM.push(message(chat, "/approve not-an-id"));
		TELEGRAM.awaitMessage(chat, "is not a decision id", WAIT);
	}

	@Test
	void aReadmeSentAsTextCreatesAProjectAndNamesAreEscaped() {
		long chat = 7301;
		link(chat, "admin", api());
		TELEGRAM.push(message(chat, "/create\n# Tom & Jerry <Tracker>\n\nA tiny Python command-line tool that counts chases."));
		TelegramStandIn.Call created = TELEGRAM.awaitMessage(chat, "Created <b>Tom &amp; Jerry &lt;Tracker&gt;</b>", WAIT);
		String id = created.text().replaceAll("(?s).*<code>([0-9a-f-]{36})</code>.*", "$1");
		assertThat(api().get("/api/v1/projects/" + id).json().path("name").asString()).isEqualTo("Tom & Jerry <Tracker>");

		// A README.md sent as a file with the caption /create.
		String file = TELEGRAM.addFile("README.md", "# File Sent Tool\n\nA tiny Python tool from a file.");
		TELEGRAM.push(Map.of("message", Map.of("message_id", 2, "date", 1_700_000_000, "caption", "/create", "chat",
				Map.of("id", chat, "type", "private"), "document",
				Map.of("file_id", file, "file_unique_id", "u1", "file_name", "README.md"))));
		TelegramStandIn.Call fromFile = TELEGRAM.awaitMessage(chat, "Created <b>File Sent Tool</b>", WAIT);
		String second = fromFile.text().replaceAll("(?s).*<code>([0-9a-f-]{36})</code>.*", "$1");
		api().delete("/api/v1/projects/" + id);
		api().delete("/api/v1/projects/" + second);
	}

	@Test
	void viewersFollowButCannotDecideOrCreate() {
		UUID viewer = users.create("viewer-" + System.nanoTime() % 100000, "a-long-viewer-password", UserRole.VIEWER,
				"test");
		String username = users.find(viewer).orElseThrow().username();
		Api asViewer = api().withKey(keys.create("viewer key", viewer, null, "test").secret());
		long chat = 7401;
		link(chat, username, asViewer);

		String project = createProject(Examples.readme("notes-cli-python"));
		String decisionId = awaitPendingDecision(project, "plan_approval", WAIT).path("decision_id").asString();
		TelegramStandIn.Call question = TELEGRAM.awaitMessage(chat, decisionId, WAIT);
		assertThat(question.params().has("reply_markup")).as("no buttons for a viewer").isFalse();
		assertThat(question.text()).contains("can follow decisions but not answer them");

		TELEGRAM.push(buttonPress(chat, messageIdOf(question), "d:" + decisionId + ":a"));
		TELEGRAM.await("answerCallbackQuery", c -> c.params().path("text").asString().contains("(viewer) can follow"),
				WAIT);
		TELEGRAM.push(message(chat, "/approve " + decisionId));
		TELEGRAM.awaitMessage(chat, "Your role (viewer) can follow projects but not steer them.", WAIT);
		assertThat(api().get("/api/v1/hitl/decisions/" + decisionId).json().path("status").asString())
			.isEqualTo("pending");
		// Viewers cannot mint codes for others.
		assertThat(asViewer.post("/api/v1/notifications/telegram/link-codes", Map.of("username", "admin")).status())
			.isEqualTo(403);
		api().delete("/api/v1/projects/" + project);
	}

	@Test
	void a429IsHonouredWithItsRetryAfterAndTheMessageStillArrives() {
		long chat = 7501;
		link(chat, "admin", api());
		TELEGRAM.failNext("sendMessage", 1, 429, 2);
		TELEGRAM.push(message(chat, "/help"));
		TelegramStandIn.Call delivered = TELEGRAM.awaitMessage(chat, "<b>Commands</b>", WAIT);
		List<TelegramStandIn.Call> attempts = TELEGRAM.calls("sendMessage")
			.stream()
			.filter(c -> c.chatId() == chat && c.text().contains("<b>Commands</b>"))
			.toList();
		assertThat(attempts).hasSize(2);
		assertThat(attempts.get(0).ok()).isFalse();
		assertThat(attempts.get(0).response().path("parameters").path("retry_after").asInt()).isEqualTo(2);
		assertThat(Duration.between(attempts.get(0).at(), delivered.at())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
		assertThat(api().get("/metrics").body())
			.containsPattern("qp_notifications_total\\{[^}]*channel=\"telegram\"[^}]*result=\"rate_limited\"");
	}

	@Test
	void aWebhookCallWithoutTheSecretIsRefusedAndNothingIsHandled() {
		long update = TELEGRAM.nextUpdateId();
		String body = Api.json().writeValueAsString(withId(update, message(7601, "/help")));
		assertThat(postWebhook(body, null).status()).isEqualTo(401);
		assertThat(postWebhook(body, "wrong-secret").status()).isEqualTo(401);
		assertThat(jdbc.sql("SELECT count(*) FROM telegram_updates WHERE update_id = :id")
			.param("id", update)
			.query(Long.class)
			.single()).isZero();

		assertThat(postWebhook(body, WEBHOOK_SECRET).status()).isEqualTo(200);
		TELEGRAM.awaitMessage(7601, "This chat is not linked", WAIT);
	}

	@Test
	void aRepeatedUpdateIsHandledOnce() throws InterruptedException {
		long chat = 7701;
		long update = TELEGRAM.nextUpdateId();
		String body = Api.json().writeValueAsString(withId(update, message(chat, "/help")));
		assertThat(postWebhook(body, WEBHOOK_SECRET).status()).isEqualTo(200);
		assertThat(postWebhook(body, WEBHOOK_SECRET).status()).isEqualTo(200);
		// The same update also arriving by long polling (after a crash, say) changes nothing either.
		TELEGRAM.push(withId(update, message(chat, "/help")));
		TELEGRAM.awaitMessage(chat, "not linked", WAIT);
		TELEGRAM.push(message(chat, "/start"));
		TELEGRAM.awaitMessage(chat, "<code>/start CODE</code>", WAIT);
		Thread.sleep(1000);
		assertThat(TELEGRAM.messagesTo(chat)).hasSize(2);
	}

	private Api.Response postWebhook(String body, String secret) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/telegram"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (secret != null) {
			request.header("X-Telegram-Bot-Api-Secret-Token", secret);
		}
		return api().send(request);
	}

	private static Map<String, Object> withId(long updateId, Map<String, Object> update) {
		Map<String, Object> copy = new java.util.LinkedHashMap<>(update);
		copy.put("update_id", updateId);
		return copy;
	}

	private static long messageIdOf(TelegramStandIn.Call call) {
		return call.messageId();
	}

}
