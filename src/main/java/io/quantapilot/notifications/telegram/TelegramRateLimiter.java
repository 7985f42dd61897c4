package io.quantapilot.notifications.telegram;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.quantapilot.notifications.NotificationSettings;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Keeps the bot under Telegram's send limits (about 30 messages a second overall, one a second in a
 * chat, 20 a minute in a group) with token buckets — one for the bot, one per chat — and holds a chat
 * back for as long as a 429 answer asked. Per process: several notification processes share the limit
 * only loosely, which 429 handling then corrects.
 */
@Component
class TelegramRateLimiter {

	private static final int CHAT_BURST = 5;

	private final double globalPerSecond;

	private final double chatPerSecond;

	private final Bucket global;

	private final Map<Long, Bucket> chats = new HashMap<>();

	private final Map<Long, Long> blockedUntil = new HashMap<>();

	@Autowired
	TelegramRateLimiter(NotificationSettings settings) {
		this(settings.telegram().globalPerSecond(), settings.telegram().perChatPerMinute() / 60.0);
	}

	TelegramRateLimiter(double globalPerSecond, double chatPerSecond) {
		this.globalPerSecond = globalPerSecond;
		this.chatPerSecond = chatPerSecond;
		this.global = new Bucket(Math.max(1, globalPerSecond), now());
	}

	/** Takes a send slot for the chat: zero when it may send now, otherwise how long to wait (nothing taken). */
	synchronized Duration reserve(long chatId) {
		long now = now();
		long blocked = blockedUntil.getOrDefault(chatId, 0L);
		if (blocked > now) {
			return Duration.ofNanos(blocked - now);
		}
		blockedUntil.remove(chatId);
		Bucket chat = chats.computeIfAbsent(chatId, id -> new Bucket(CHAT_BURST, now));
		global.refill(now, globalPerSecond, Math.max(1, globalPerSecond));
		chat.refill(now, chatPerSecond, CHAT_BURST);
		if (global.tokens >= 1 && chat.tokens >= 1) {
			global.tokens -= 1;
			chat.tokens -= 1;
			if (chats.size() > 10_000) {
				chats.values().removeIf(b -> b.tokens >= CHAT_BURST - 0.001);
			}
			return Duration.ZERO;
		}
		double waitSeconds = Math.max(global.tokens >= 1 ? 0 : (1 - global.tokens) / globalPerSecond,
				chat.tokens >= 1 ? 0 : (1 - chat.tokens) / chatPerSecond);
		return Duration.ofNanos((long) (waitSeconds * 1_000_000_000L) + 1);
	}

	/** Telegram answered 429 for this chat: nothing goes to it for {@code wait}. */
	synchronized void block(long chatId, Duration wait) {
		long until = now() + wait.toNanos();
		blockedUntil.merge(chatId, until, Math::max);
	}

	private static long now() {
		return System.nanoTime();
	}

	private static final class Bucket {

		private double tokens;

		private long at;

		Bucket(double tokens, long at) {
			this.tokens = tokens;
			this.at = at;
		}

		void refill(long now, double perSecond, double capacity) {
			tokens = Math.min(capacity, tokens + (now - at) / 1_000_000_000.0 * perSecond);
			at = now;
		}

	}

}
