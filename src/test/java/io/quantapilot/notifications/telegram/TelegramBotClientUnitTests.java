package io.quantapilot.notifications.telegram;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.quantapilot.notifications.TelegramStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The Bot API client against the stand-in: request shapes, results, and errors as Telegram reports them. */
class TelegramBotClientUnitTests {

	private static final TelegramStandIn TELEGRAM = TelegramStandIn.start();

	private final TelegramBotClient client = new TelegramBotClient(URI.create(TELEGRAM.url() + "/"),
			TelegramStandIn.TOKEN, JsonMapper.builder().build());

	@AfterAll
	static void stop() {
		TELEGRAM.stop();
	}

	@Test
	void sendsHtmlMessagesAndReturnsTheirId() {
		long id = client.sendMessage(42, "<b>hi</b>", Map.of("inline_keyboard", java.util.List.of()));
		TelegramStandIn.Call call = TELEGRAM.await("sendMessage", c -> c.chatId() == 42, Duration.ofSeconds(5));
		assertThat(id).isEqualTo(call.messageId());
		assertThat(call.params().path("parse_mode").asString()).isEqualTo("HTML");
		assertThat(call.params().path("text").asString()).isEqualTo("<b>hi</b>");
		assertThat(call.params().has("reply_markup")).isTrue();
	}

	@Test
	void a429CarriesRetryAfter() {
		TELEGRAM.failNext("sendMessage", 1, 429, 3);
		TelegramApiException error = catchThrowableOfType(TelegramApiException.class,
				() -> client.sendMessage(43, "x", null));
		assertThat(error.errorCode()).isEqualTo(429);
		assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(3));
		assertThat(error.isTransient()).isTrue();
	}

	@Test
	void aBadRequestIsPermanent() {
		TELEGRAM.failNext("editMessageText", 1, 400, 0);
		TelegramApiException error = catchThrowableOfType(TelegramApiException.class,
				() -> client.editMessageText(44, 1, "x", null));
		assertThat(error.errorCode()).isEqualTo(400);
		assertThat(error.isTransient()).isFalse();
	}

	@Test
	void registersTheWebhookWithItsSecret() {
		client.setWebhook("https://qp.example.com/webhooks/telegram", "s3cret-token");
		JsonNode params = TELEGRAM.await("setWebhook", c -> true, Duration.ofSeconds(5)).params();
		assertThat(params.path("url").asString()).isEqualTo("https://qp.example.com/webhooks/telegram");
		assertThat(params.path("secret_token").asString()).isEqualTo("s3cret-token");
		assertThat(params.path("allowed_updates").toString()).contains("message", "callback_query");
	}

	@Test
	void longPollingReturnsPushedUpdates() {
		long id = TELEGRAM.push(Map.of("message", Map.of("message_id", 1, "text", "/help", "chat", Map.of("id", 45))));
		JsonNode updates = client.getUpdates(id, Duration.ofSeconds(2));
		assertThat(updates.size()).isEqualTo(1);
		assertThat(updates.get(0).path("update_id").asLong()).isEqualTo(id);
		assertThat(client.getUpdates(id + 1, Duration.ofSeconds(1)).size()).as("confirmed by the offset").isZero();
	}

	@Test
	void theTokenNeverAppearsInErrors() throws Exception {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		TelegramBotClient unreachable = new TelegramBotClient(URI.create("http://127.0.0.1:" + closed),
				TelegramStandIn.TOKEN, JsonMapper.builder().build());
		TelegramApiException error = catchThrowableOfType(TelegramApiException.class,
				() -> unreachable.sendMessage(1, "x", null));
		assertThat(error.errorCode()).isZero();
		assertThat(error.isTransient()).isTrue();
		assertThat(error.getMessage()).doesNotContain(TelegramStandIn.TOKEN).doesNotContain("AAE-");
	}

}
