package io.quantapilot.notifications.telegram;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The bot's tables: linked chats, one-time link codes (stored as hashes), handled update ids, messages
 * showing decisions, and the long-polling offset.
 */
@Repository
public class TelegramStore {

	private final JdbcClient jdbc;

	TelegramStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A chat linked to a user. */
	public record Chat(long chatId, UUID userId, String title, Instant linkedAt) {
	}

	public Optional<Chat> chat(long chatId) {
		return jdbc.sql("SELECT * FROM telegram_chats WHERE chat_id = :chat")
			.param("chat", chatId)
			.query((rs, i) -> new Chat(rs.getLong("chat_id"), rs.getObject("user_id", UUID.class), rs.getString("title"),
					rs.getTimestamp("linked_at").toInstant()))
			.optional();
	}

	/** Chats of one user, or of everyone when {@code userId} is null. */
	public List<Chat> chats(UUID userId) {
		return jdbc.sql("""
				SELECT * FROM telegram_chats WHERE CAST(:user AS uuid) IS NULL OR user_id = :user
				ORDER BY linked_at""")
			.param("user", userId)
			.query((rs, i) -> new Chat(rs.getLong("chat_id"), rs.getObject("user_id", UUID.class), rs.getString("title"),
					rs.getTimestamp("linked_at").toInstant()))
			.list();
	}

	public boolean unlink(long chatId) {
		return jdbc.sql("DELETE FROM telegram_chats WHERE chat_id = :chat").param("chat", chatId).update() == 1;
	}

	public void storeCode(String code, UUID userId, String createdBy, Instant expiresAt) {
		jdbc.sql("""
				INSERT INTO telegram_link_codes (code_hash, user_id, created_by, expires_at)
				VALUES (:hash, :user, :by, :expires)""")
			.param("hash", hash(code))
			.param("user", userId)
			.param("by", createdBy)
			.param("expires", Timestamp.from(expiresAt))
			.update();
	}

	/**
	 * Uses a one-time code to link the chat; returns the user it was issued for, empty when the code is
	 * unknown, used or expired. A chat linked before is re-linked to the code's user.
	 */
	public Optional<UUID> redeem(String code, long chatId, String title) {
		Optional<UUID> user = jdbc.sql("""
				UPDATE telegram_link_codes SET used_at = now(), used_by_chat = :chat
				WHERE code_hash = :hash AND used_at IS NULL AND expires_at > now()
				RETURNING user_id""")
			.param("hash", hash(code))
			.param("chat", chatId)
			.query(UUID.class)
			.optional();
		user.ifPresent(id -> jdbc.sql("""
				INSERT INTO telegram_chats (chat_id, user_id, title) VALUES (:chat, :user, :title)
				ON CONFLICT (chat_id) DO UPDATE SET user_id = EXCLUDED.user_id, title = EXCLUDED.title,
				    linked_at = now()""")
			.param("chat", chatId)
			.param("user", id)
			.param("title", title)
			.update());
		return user;
	}

	/** Records an update as handled; false when it was handled before (a redelivery). */
	public boolean markHandled(long updateId, String kind, String error) {
		return jdbc.sql("""
				INSERT INTO telegram_updates (update_id, kind, error) VALUES (:id, :kind, :error)
				ON CONFLICT (update_id) DO NOTHING""")
			.param("id", updateId)
			.param("kind", kind)
			.param("error", error)
			.update() == 1;
	}

	public void recordDecisionMessage(long chatId, long messageId, UUID decisionId) {
		jdbc.sql("""
				INSERT INTO telegram_decision_messages (chat_id, message_id, decision_id)
				VALUES (:chat, :message, :decision) ON CONFLICT DO NOTHING""")
			.param("chat", chatId)
			.param("message", messageId)
			.param("decision", decisionId)
			.update();
	}

	/** Messages in a chat that show the decision. */
	public List<Long> decisionMessages(UUID decisionId, long chatId) {
		return jdbc.sql("""
				SELECT message_id FROM telegram_decision_messages WHERE decision_id = :decision AND chat_id = :chat
				ORDER BY message_id""")
			.param("decision", decisionId)
			.param("chat", chatId)
			.query(Long.class)
			.list();
	}

	public long pollingOffset() {
		return jdbc.sql("SELECT value FROM telegram_state WHERE name = 'polling_offset'")
			.query(String.class)
			.optional()
			.map(Long::parseLong)
			.orElse(0L);
	}

	/** Moves the offset forward (never back, should two pollers race). */
	public void savePollingOffset(long offset) {
		jdbc.sql("""
				INSERT INTO telegram_state (name, value) VALUES ('polling_offset', :value)
				ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value
				WHERE CAST(telegram_state.value AS bigint) < CAST(EXCLUDED.value AS bigint)""")
			.param("value", Long.toString(offset))
			.update();
	}

	static String hash(String code) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256")
					.digest(code.strip().toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

}
