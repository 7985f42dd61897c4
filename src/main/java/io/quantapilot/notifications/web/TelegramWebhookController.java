package io.quantapilot.notifications.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.common.web.ApiError;
import io.quantapilot.notifications.NotificationSettings;
import io.quantapilot.notifications.telegram.TelegramBot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/telegram}: updates pushed by Telegram. Each must carry the configured secret in
 * {@code X-Telegram-Bot-Api-Secret-Token} (compared in constant time); anything else is refused with 401
 * before it is read. Accepted updates are answered 200 once handled (or recognised as a repetition), so
 * Telegram does not push them again.
 */
@RestController
@ConditionalOnRole(Role.NOTIFICATIONS)
class TelegramWebhookController {

	static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

	private static final Logger log = LoggerFactory.getLogger(TelegramWebhookController.class);

	private final NotificationSettings settings;

	private final TelegramBot bot;

	private final JsonMapper json;

	TelegramWebhookController(NotificationSettings settings, TelegramBot bot, JsonMapper json) {
		this.settings = settings;
		this.bot = bot;
		this.json = json;
	}

	@PostMapping(path = "/webhooks/telegram", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<?> update(@RequestHeader(name = SECRET_HEADER, required = false) String secret,
			@RequestBody(required = false) String body) {
		NotificationSettings.Telegram telegram = settings.telegram();
		if (!telegram.enabled()) {
			return error(HttpStatus.NOT_FOUND, "NOT_FOUND", "the Telegram bot is not configured");
		}
		String expected = telegram.webhookSecret();
		if (expected == null || expected.isBlank() || secret == null || !MessageDigest
			.isEqual(expected.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8))) {
			log.warn("Refused a Telegram webhook call without the right secret token");
			return error(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", "missing or wrong " + SECRET_HEADER);
		}
		JsonNode update;
		try {
			update = json.readTree(body != null ? body : "");
		}
		catch (RuntimeException ex) {
			return error(HttpStatus.BAD_REQUEST, "MALFORMED_JSON", "the body is not a Telegram update");
		}
		if (update == null || !update.isObject() || !update.path("update_id").isNumber()) {
			return error(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", "the body is not a Telegram update");
		}
		bot.handle(update);
		return ResponseEntity.ok(Map.of("ok", true));
	}

	private static ResponseEntity<ApiError> error(HttpStatus status, String code, String message) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.body(ApiError.of(code, message, Map.of()));
	}

}
