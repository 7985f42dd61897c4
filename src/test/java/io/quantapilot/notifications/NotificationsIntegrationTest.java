package io.quantapilot.notifications;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quantapilot.support.Api;
import io.quantapilot.support.ApplicationIntegrationTest;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Base of the notification tests: the whole application, as {@link ApplicationIntegrationTest} runs it,
 * but with its own data directory and the channels pointed at stand-ins speaking the real protocols — a
 * Telegram Bot API over HTTP (long polling, with the webhook secret set too), an in-process SMTP server
 * (GreenMail) and an HTTP receiver for outbound webhooks. One context for every subclass.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class NotificationsIntegrationTest {

	public static final String ADMIN_KEY = "qp_notification_tests_admin_key_0123456789";

	public static final String WEBHOOK_SECRET = "telegram-webhook-secret-for-tests";

	protected static final TelegramStandIn TELEGRAM = TelegramStandIn.start();

	protected static final WebhookReceiver RECEIVER = WebhookReceiver.start();

	protected static final GreenMail MAIL = startMail();

	static final Path DATA_DIR;

	static {
		try {
			DATA_DIR = Files.createTempDirectory("qp-notify-it-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Value("${local.server.port}")
	protected int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("quantapilot.data-dir", DATA_DIR::toString);
		registry.add("quantapilot.logs-dir", () -> DATA_DIR.resolve("logs").toString());
		registry.add("quantapilot.identity.admin-api-key", () -> ADMIN_KEY);
		registry.add("quantapilot.identity.rate-limit-per-minute", () -> "100000");
		registry.add("quantapilot.workflow.poll-interval", () -> "100ms");
		registry.add("quantapilot.notifications.poll-interval", () -> "200ms");
		registry.add("quantapilot.notifications.initial-backoff", () -> "300ms");
		registry.add("quantapilot.notifications.max-backoff", () -> "2s");
		registry.add("quantapilot.notifications.webhooks.disable-after-failures", () -> "3");
		registry.add("quantapilot.notifications.reminder-scan-interval", () -> "500ms");
		registry.add("quantapilot.notifications.telegram.bot-token", () -> TelegramStandIn.TOKEN);
		registry.add("quantapilot.notifications.telegram.base-url", TELEGRAM::url);
		registry.add("quantapilot.notifications.telegram.mode", () -> "polling");
		registry.add("quantapilot.notifications.telegram.poll-timeout", () -> "2s");
		registry.add("quantapilot.notifications.telegram.webhook-secret", () -> WEBHOOK_SECRET);
		registry.add("quantapilot.notifications.telegram.per-chat-per-minute", () -> "600");
		registry.add("quantapilot.notifications.email.from", () -> "QuantaPilot <bot@quantapilot.test>");
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
	}

	private static GreenMail startMail() {
		GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		mail.start();
		return mail;
	}

	protected Api api() {
		return new Api("http://localhost:" + port, ADMIN_KEY);
	}

	protected String createProject(String readme) {
		Api.Response response = api().post("/api/v1/projects", Api.readmeBody(readme));
		if (response.status() != 201) {
			throw new AssertionError("project not created: " + response.status() + " " + response.body());
		}
		return response.json().path("project_id").asString();
	}

	/** Waits for the project's pending decision of a type and returns it. */
	protected JsonNode awaitPendingDecision(String projectId, String type, Duration timeout) {
		JsonNode[] found = new JsonNode[1];
		Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
			for (JsonNode d : api().get("/api/v1/hitl/decisions?status=pending&project_id=" + projectId)
				.json()
				.path("decisions")) {
				if (type.equals(d.path("type").asString())) {
					found[0] = d;
					return true;
				}
			}
			return false;
		});
		return found[0];
	}

	protected JsonNode awaitStatus(String projectId, String status, Duration timeout) {
		JsonNode[] last = new JsonNode[1];
		Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).alias("project " + projectId).until(() -> {
			last[0] = api().get("/api/v1/projects/" + projectId).json();
			return status.equals(last[0].path("status").asString());
		});
		return last[0];
	}

	/** A message update from a private chat, as Telegram sends it. */
	protected static Map<String, Object> message(long chatId, String text) {
		return Map.of("message", Map.of("message_id", 1, "date", 1_700_000_000, "text", text, "chat",
				Map.of("id", chatId, "type", "private", "first_name", "Test"), "from",
				Map.of("id", chatId, "is_bot", false, "first_name", "Test")));
	}

	/** A button press on a message the bot sent. */
	protected static Map<String, Object> buttonPress(long chatId, long messageId, String data) {
		return Map.of("callback_query", Map.of("id", "cq-" + System.nanoTime(), "data", data, "chat_instance", "ci",
				"from", Map.of("id", chatId, "is_bot", false, "first_name", "Test"), "message",
				Map.of("message_id", messageId, "date", 1_700_000_000, "chat", Map.of("id", chatId, "type", "private"))));
	}

	/** Links a chat to a user through the API's one-time code and {@code /start <code>} over long polling. */
	protected void link(long chatId, String username, Api as) {
		Api.Response code = as.post("/api/v1/notifications/telegram/link-codes", Map.of("username", username));
		if (code.status() != 201) {
			throw new AssertionError("no link code: " + code.status() + " " + code.body());
		}
		TELEGRAM.push(message(chatId, code.json().path("bot_command").asString()));
		TELEGRAM.awaitMessage(chatId, "Linked to QuantaPilot user <b>" + username + "</b>", Duration.ofSeconds(20));
	}

}
