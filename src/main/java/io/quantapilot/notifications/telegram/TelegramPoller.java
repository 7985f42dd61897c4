package io.quantapilot.notifications.telegram;

import java.time.Duration;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.common.ServerAddress;
import io.quantapilot.notifications.NotificationSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Connects the bot to Telegram in the notifications role. In webhook mode it registers
 * {@code <public-url>/webhooks/telegram} with the secret token ({@code setWebhook}) and is done. In polling
 * mode it removes any webhook and long-polls {@code getUpdates}, persisting the offset after each update;
 * an update handled just before a crash comes again after the restart and is recognised by its id.
 */
@Component
@ConditionalOnRole(Role.NOTIFICATIONS)
class TelegramPoller implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(TelegramPoller.class);

	private final NotificationSettings settings;

	private final TelegramBotClient client;

	private final TelegramBot bot;

	private final TelegramStore store;

	private final ServerAddress address;

	private volatile boolean running;

	private Thread thread;

	TelegramPoller(NotificationSettings settings, TelegramBotClient client, TelegramBot bot,
			TelegramStore store, ServerAddress address) {
		this.settings = settings;
		this.client = client;
		this.bot = bot;
		this.store = store;
		this.address = address;
	}

	@Override
	public void start() {
		if (!settings.telegram().enabled()) {
			return;
		}
		running = true;
		thread = new Thread(settings.telegram().mode() == NotificationSettings.Mode.WEBHOOK ? this::registerWebhook
				: this::poll, "qp-telegram");
		thread.setDaemon(true);
		thread.start();
	}

	@Override
	public void stop() {
		running = false;
		if (thread != null) {
			thread.interrupt();
			try {
				thread.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 100;
	}

	private void registerWebhook() {
		String secret = settings.telegram().webhookSecret();
		String base = address.baseUrl();
		if (secret == null || secret.isBlank() || base.isEmpty()) {
			log.error("Telegram webhook mode needs quantapilot.notifications.telegram.webhook-secret and "
					+ "quantapilot.public-url (an https URL Telegram can reach); no updates will arrive");
			return;
		}
		Duration wait = Duration.ofSeconds(5);
		while (running) {
			try {
				client.setWebhook(base + "/webhooks/telegram", secret);
				log.info("Telegram webhook registered at {}/webhooks/telegram", base);
				return;
			}
			catch (TelegramApiException ex) {
				log.warn("Telegram setWebhook failed, retrying in {} s: {}", wait.toSeconds(), ex.getMessage());
				if (!sleep(ex.retryAfter() != null ? ex.retryAfter() : wait)) {
					return;
				}
				wait = min(wait.multipliedBy(2), Duration.ofMinutes(5));
			}
		}
	}

	private void poll() {
		boolean webhookRemoved = false;
		Duration wait = Duration.ofSeconds(1);
		log.info("Telegram long polling started");
		while (running) {
			try {
				if (!webhookRemoved) {
					client.deleteWebhook();
					webhookRemoved = true;
				}
				JsonNode updates = client.getUpdates(store.pollingOffset(), settings.telegram().pollTimeout());
				for (JsonNode update : updates) {
					if (!running) {
						return;
					}
					bot.handle(update);
					store.savePollingOffset(update.path("update_id").asLong() + 1);
				}
				wait = Duration.ofSeconds(1);
			}
			catch (TelegramApiException ex) {
				if (!running) {
					return;
				}
				if (ex.errorCode() == 409) {
					// A webhook is set again, or another poller uses the same token.
					webhookRemoved = false;
				}
				Duration pause = ex.retryAfter() != null ? ex.retryAfter() : wait;
				log.warn("Telegram getUpdates failed, retrying in {} s: {}", pause.toSeconds(), ex.getMessage());
				if (!sleep(pause)) {
					return;
				}
				wait = min(wait.multipliedBy(2), Duration.ofMinutes(1));
			}
			catch (RuntimeException ex) {
				log.error("Telegram polling failed", ex);
				if (!sleep(wait)) {
					return;
				}
				wait = min(wait.multipliedBy(2), Duration.ofMinutes(1));
			}
		}
	}

	private boolean sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
			return running;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static Duration min(Duration a, Duration b) {
		return a.compareTo(b) <= 0 ? a : b;
	}

}
