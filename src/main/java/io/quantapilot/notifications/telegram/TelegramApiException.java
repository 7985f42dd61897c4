package io.quantapilot.notifications.telegram;

import java.time.Duration;

/**
 * The Bot API refused a call ({@code ok} false, an {@code error_code} and a {@code description}) or could not be
 * reached ({@code errorCode} 0). {@code retryAfter} is set for 429 (flood control).
 */
public class TelegramApiException extends RuntimeException {

	private final int errorCode;

	private final Duration retryAfter;

	public TelegramApiException(int errorCode, String description, Duration retryAfter) {
		super(description);
		this.errorCode = errorCode;
		this.retryAfter = retryAfter;
	}

	public int errorCode() {
		return errorCode;
	}

	/** How long Telegram asked us to wait (429), or null. */
	public Duration retryAfter() {
		return retryAfter;
	}

	/** Whether trying again later can help: unreachable, rate limited, or a server error. */
	public boolean isTransient() {
		return errorCode == 0 || errorCode == 429 || errorCode >= 500;
	}

	/** Editing a message to the text it already has; the edit's purpose is met. */
	public boolean isNotModified() {
		return errorCode == 400 && getMessage() != null && getMessage().contains("message is not modified");
	}

	/** The message to edit is gone (deleted by the person); nothing left to edit. */
	public boolean isMessageGone() {
		return errorCode == 400 && getMessage() != null
				&& (getMessage().contains("message to edit not found") || getMessage().contains("MESSAGE_ID_INVALID"));
	}

}
