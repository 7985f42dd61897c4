package io.quantapilot.notifications.telegram;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.quantapilot.notifications.NotificationSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * A client of the Telegram Bot API ({@code <base-url>/bot<token>/<method>}, JSON in, an {@code ok} flag with a
 * {@code result} or an {@code error_code} out) with a configurable base URL (a local Bot API server, or a
 * stand-in in tests). The token is part of every URL, so no URL and no exception message leaves this class
 * with the token in it.
 */
@Component
public class TelegramBotClient {

	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json;

	private final String base;

	private final String token;

	@Autowired
	TelegramBotClient(NotificationSettings settings, JsonMapper json) {
		this(settings.telegram().baseUrl(), settings.telegram().botToken(), json);
	}

	TelegramBotClient(URI baseUrl, String token, JsonMapper json) {
		this.json = json;
		this.base = baseUrl.toString().replaceAll("/+$", "");
		this.token = token != null ? token.strip() : "";
	}

	/** Calls a Bot API method and returns its {@code result}. */
	public JsonNode call(String method, Map<String, ?> parameters, Duration timeout) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/bot" + token + "/" + method))
			.timeout(timeout)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(parameters)))
			.build();
		HttpResponse<String> response;
		try {
			response = http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new TelegramApiException(0, method + ": " + redact(ex.getClass().getSimpleName() + " "
					+ (ex.getMessage() != null ? ex.getMessage() : "")), null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TelegramApiException(0, method + ": interrupted", null);
		}
		JsonNode body;
		try {
			body = json.readTree(response.body());
		}
		catch (RuntimeException ex) {
			throw new TelegramApiException(response.statusCode() >= 500 ? response.statusCode() : 0,
					method + ": HTTP " + response.statusCode() + " without a Bot API answer", null);
		}
		if (body.path("ok").asBoolean(false)) {
			return body.path("result");
		}
		int code = body.path("error_code").asInt(response.statusCode());
		JsonNode retry = body.path("parameters").path("retry_after");
		Duration retryAfter = retry.isNumber() ? Duration.ofSeconds(Math.max(1, retry.asLong())) : null;
		if (code == 429 && retryAfter == null) {
			retryAfter = Duration.ofSeconds(1);
		}
		throw new TelegramApiException(code, method + ": " + redact(body.path("description").asString("error " + code)),
				retryAfter);
	}

	/** Sends an HTML message; returns its {@code message_id}. */
	public long sendMessage(long chatId, String html, Map<String, Object> replyMarkup) {
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("chat_id", chatId);
		parameters.put("text", html);
		parameters.put("parse_mode", "HTML");
		parameters.put("link_preview_options", Map.of("is_disabled", true));
		if (replyMarkup != null) {
			parameters.put("reply_markup", replyMarkup);
		}
		return call("sendMessage", parameters, CALL_TIMEOUT).path("message_id").asLong();
	}

	/** Replaces a message's text; a null markup removes its buttons. */
	public void editMessageText(long chatId, long messageId, String html, Map<String, Object> replyMarkup) {
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("chat_id", chatId);
		parameters.put("message_id", messageId);
		parameters.put("text", html);
		parameters.put("parse_mode", "HTML");
		parameters.put("link_preview_options", Map.of("is_disabled", true));
		parameters.put("reply_markup", replyMarkup != null ? replyMarkup : Map.of("inline_keyboard", List.of()));
		call("editMessageText", parameters, CALL_TIMEOUT);
	}

	/** Answers a button press (the client stops its progress indicator and shows {@code text}). */
	public void answerCallbackQuery(String callbackQueryId, String text, boolean alert) {
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("callback_query_id", callbackQueryId);
		parameters.put("text", text.length() > 200 ? text.substring(0, 197) + "…" : text);
		parameters.put("show_alert", alert);
		call("answerCallbackQuery", parameters, CALL_TIMEOUT);
	}

	/** Long-polls for updates from {@code offset}, waiting up to {@code timeout}. */
	public JsonNode getUpdates(long offset, Duration timeout) {
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("offset", offset);
		parameters.put("timeout", timeout.toSeconds());
		parameters.put("allowed_updates", List.of("message", "callback_query"));
		return call("getUpdates", parameters, timeout.plusSeconds(10));
	}

	/** Asks Telegram to push updates to {@code url}, each carrying {@code secret} in a header. */
	public void setWebhook(String url, String secret) {
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("url", url);
		parameters.put("secret_token", secret);
		parameters.put("allowed_updates", List.of("message", "callback_query"));
		call("setWebhook", parameters, CALL_TIMEOUT);
	}

	/** Stops pushed updates (long polling is refused while a webhook is set). */
	public void deleteWebhook() {
		call("deleteWebhook", Map.of("drop_pending_updates", false), CALL_TIMEOUT);
	}

	/** Downloads a file a person sent (a README), refusing files over {@code maxBytes}. */
	public byte[] downloadFile(String fileId, long maxBytes) {
		JsonNode file = call("getFile", Map.of("file_id", fileId), CALL_TIMEOUT);
		if (file.path("file_size").asLong(0) > maxBytes) {
			throw new TelegramApiException(400, "the file is larger than " + maxBytes + " bytes", null);
		}
		String path = file.path("file_path").asString("");
		if (path.isEmpty()) {
			throw new TelegramApiException(400, "Telegram gave no file path", null);
		}
		HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/file/bot" + token + "/" + path))
			.timeout(CALL_TIMEOUT)
			.GET()
			.build();
		try {
			HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
			if (response.statusCode() != 200) {
				throw new TelegramApiException(response.statusCode(), "file download: HTTP " + response.statusCode(), null);
			}
			if (response.body().length > maxBytes) {
				throw new TelegramApiException(400, "the file is larger than " + maxBytes + " bytes", null);
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new TelegramApiException(0, "file download: " + redact(String.valueOf(ex.getMessage())), null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TelegramApiException(0, "file download: interrupted", null);
		}
	}

	private String redact(String text) {
		return token.isEmpty() ? text : text.replace(token, "<bot-token>");
	}

}
