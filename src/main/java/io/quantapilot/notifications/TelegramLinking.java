package io.quantapilot.notifications;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.identity.AuditLog;
import io.quantapilot.identity.User;
import io.quantapilot.identity.UserService;
import io.quantapilot.notifications.internal.Outbox;
import io.quantapilot.notifications.telegram.TelegramStore;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Links Telegram chats to QuantaPilot users: a one-time code (shown once, stored as a hash, valid for a
 * few minutes) is sent to the bot as {@code /start <code>}, which links that chat to the code's user.
 */
@Service
public class TelegramLinking {

	/** Unambiguous characters (no 0/O, 1/I/L), easy to type on a phone. */
	private static final String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final TelegramStore store;

	private final UserService users;

	private final Outbox outbox;

	private final AuditLog audit;

	private final NotificationSettings settings;

	TelegramLinking(TelegramStore store, UserService users, Outbox outbox, AuditLog audit,
			NotificationSettings settings) {
		this.store = store;
		this.users = users;
		this.outbox = outbox;
		this.audit = audit;
		this.settings = settings;
	}

	/** A one-time code for {@code /start}; never shown again. */
	public record LinkCode(String code, String username, Instant expiresAt) {
	}

	/** A chat linked to a user. */
	public record LinkedChat(long chatId, String title, UUID userId, String username, Instant linkedAt) {
	}

	/** Whether a bot token is configured. */
	public boolean enabled() {
		return settings.telegram().enabled();
	}

	@Transactional
	public LinkCode createCode(User user, String actor) {
		StringBuilder code = new StringBuilder();
		for (int i = 0; i < 10; i++) {
			code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		Instant expires = Instant.now().plus(settings.telegram().linkCodeLifetime());
		store.storeCode(code.toString(), user.id(), actor, expires);
		audit.record(actor, "telegram.link_code_created", "user", user.id().toString(),
				Map.of("expires_at", expires.toString()));
		return new LinkCode(code.toString(), user.username(), expires);
	}

	/** Chats of one user, or of everyone when {@code userId} is null. */
	public List<LinkedChat> chats(UUID userId) {
		return store.chats(userId)
			.stream()
			.map(c -> new LinkedChat(c.chatId(), c.title(), c.userId(),
					users.find(c.userId()).map(User::username).orElse(null), c.linkedAt()))
			.toList();
	}

	/** Unlinks a chat; what was still queued for it is cancelled. */
	@Transactional
	public void unlink(long chatId, String actor) {
		if (!store.unlink(chatId)) {
			throw new QuantaPilotException.NotFound("linked chat", chatId);
		}
		outbox.cancelQueued("telegram", Long.toString(chatId), "chat unlinked");
		audit.record(actor, "telegram.chat_unlinked", "telegram_chat", Long.toString(chatId), Map.of());
	}

}
