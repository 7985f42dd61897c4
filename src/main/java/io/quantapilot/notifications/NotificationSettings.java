package io.quantapilot.notifications;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Notification settings ({@code quantapilot.notifications.*}).
 *
 * @param pollInterval how often the delivery loop looks for due notifications when nothing woke it
 * @param maxAttempts delivery attempts of one notification before it is given up as failed
 * @param initialBackoff wait after the first failed attempt; doubled after each further one
 * @param maxBackoff longest wait between attempts
 * @param lease how long a notification being sent stays leased to its sender
 * @param deliveryThreads notifications sent at once by this process
 * @param reminderBefore how long before a decision times out its people are reminded (at most half of the
 *        decision's whole time)
 * @param reminderScanInterval how often pending decisions are checked for a due reminder
 * @param escalationUsers who is told about escalated decisions whatever their preferences (empty: every
 *        admin)
 * @param telegram the Telegram bot
 * @param email e-mail (the SMTP server itself is {@code spring.mail.*})
 * @param webhooks outbound webhooks
 */
@ConfigurationProperties("quantapilot.notifications")
public record NotificationSettings(@DefaultValue("1s") Duration pollInterval, @DefaultValue("10") int maxAttempts,
		@DefaultValue("5s") Duration initialBackoff, @DefaultValue("15m") Duration maxBackoff,
		@DefaultValue("60s") Duration lease, @DefaultValue("4") int deliveryThreads,
		@DefaultValue("1h") Duration reminderBefore, @DefaultValue("30s") Duration reminderScanInterval,
		@DefaultValue List<String> escalationUsers, @DefaultValue Telegram telegram, @DefaultValue Email email,
		@DefaultValue Webhooks webhooks) {

	/** How the bot receives updates. */
	public enum Mode {

		/** Telegram pushes updates to {@code POST /webhooks/telegram} ({@code setWebhook}). */
		WEBHOOK,

		/** The bot asks for updates with {@code getUpdates} (no public URL needed). */
		POLLING

	}

	/**
	 * The Telegram bot; off while {@code botToken} is empty.
	 *
	 * @param botToken the token from @BotFather
	 * @param baseUrl the Bot API server
	 * @param mode webhook or polling
	 * @param webhookSecret the {@code X-Telegram-Bot-Api-Secret-Token} every pushed update must carry
	 * @param pollTimeout how long one {@code getUpdates} call waits for updates
	 * @param globalPerSecond messages per second the bot sends in all chats together
	 * @param perChatPerMinute messages per minute the bot sends into one chat (Telegram allows about 60 in a
	 *        private chat and 20 in a group)
	 * @param linkCodeLifetime how long a one-time code for {@code /start} stays valid
	 */
	public record Telegram(String botToken, @DefaultValue("https://api.telegram.org") URI baseUrl,
			@DefaultValue("polling") Mode mode, String webhookSecret, @DefaultValue("25s") Duration pollTimeout,
			@DefaultValue("25") int globalPerSecond, @DefaultValue("60") int perChatPerMinute,
			@DefaultValue("15m") Duration linkCodeLifetime) {

		public boolean enabled() {
			return botToken != null && !botToken.isBlank();
		}

	}

	/**
	 * E-mail; on when an SMTP server is configured ({@code spring.mail.host}).
	 *
	 * @param from the sender address
	 * @param linkLifetime how long one-click decision links stay valid
	 */
	public record Email(@DefaultValue("QuantaPilot <quantapilot@localhost>") String from,
			@DefaultValue("72h") Duration linkLifetime) {
	}

	/**
	 * Outbound webhooks.
	 *
	 * @param timeout time limit of one delivery request
	 * @param disableAfterFailures consecutive failed attempts after which a subscription is disabled
	 */
	public record Webhooks(@DefaultValue("10s") Duration timeout, @DefaultValue("20") int disableAfterFailures) {
	}

}
