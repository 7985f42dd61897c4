package io.quantapilot.notifications.email;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

import io.quantapilot.common.ServerAddress;
import io.quantapilot.identity.SecretEncryption;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * One-click decision links for e-mail: {@code <public-url>/notifications/decisions/<token>}, where the token
 * is a nonce and its expiry signed with HMAC-SHA256 under a key derived from the master key. The nonce
 * names a stored link (decision, person, action), which is used once. A forged or altered token fails
 * the signature before anything is looked up; an expired one fails on its signed expiry.
 */
@Component
public class DecisionLinks {

	static final String PATH = "/notifications/decisions/";

	private static final String PURPOSE = "email-decision-links";

	private static final int NONCE_BYTES = 16;

	private static final int MAC_BYTES = 16;

	private final JdbcClient jdbc;

	private final SecretEncryption secrets;

	private final ServerAddress address;

	DecisionLinks(JdbcClient jdbc, SecretEncryption secrets, ServerAddress address) {
		this.jdbc = jdbc;
		this.secrets = secrets;
		this.address = address;
	}

	/** A stored link. */
	public record Link(String nonce, UUID decisionId, UUID userId, String action, Instant expiresAt, Instant usedAt) {
	}

	/**
	 * The URL of a link for {@code action} on a decision. The same {@code seed} (one e-mail and action) gives
	 * the same link, so an e-mail sent again after a failed attempt carries the links that were stored.
	 */
	public String create(UUID decisionId, UUID userId, String action, String seed, Instant expiresAt) {
		byte[] nonce = Arrays.copyOf(secrets.mac(PURPOSE + ":nonce", seed.getBytes(StandardCharsets.UTF_8)),
				NONCE_BYTES);
		String nonceHex = HexFormat.of().formatHex(nonce);
		jdbc.sql("""
				INSERT INTO email_decision_links (nonce, decision_id, user_id, action, expires_at)
				VALUES (:nonce, :decision, :user, :action, :expires) ON CONFLICT (nonce) DO NOTHING""")
			.param("nonce", nonceHex)
			.param("decision", decisionId)
			.param("user", userId)
			.param("action", action)
			.param("expires", Timestamp.from(expiresAt))
			.update();
		Instant stored = jdbc.sql("SELECT expires_at FROM email_decision_links WHERE nonce = :nonce")
			.param("nonce", nonceHex)
			.query(Timestamp.class)
			.single()
			.toInstant();
		ByteBuffer payload = ByteBuffer.allocate(NONCE_BYTES + Long.BYTES).put(nonce).putLong(stored.getEpochSecond());
		return address.baseUrl() + PATH + encode(payload.array()) + "." + encode(sign(payload.array()));
	}

	/**
	 * The link a token names, when its signature is valid and it has not expired; used links are returned
	 * too (with {@code usedAt}), so the page can say so.
	 */
	public Optional<Link> find(String token) {
		int dot = token.indexOf('.');
		if (dot < 0 || token.length() > 200) {
			return Optional.empty();
		}
		byte[] payload;
		byte[] mac;
		try {
			payload = Base64.getUrlDecoder().decode(token.substring(0, dot));
			mac = Base64.getUrlDecoder().decode(token.substring(dot + 1));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		if (payload.length != NONCE_BYTES + Long.BYTES || !MessageDigest.isEqual(mac, sign(payload))) {
			return Optional.empty();
		}
		ByteBuffer buffer = ByteBuffer.wrap(payload);
		byte[] nonce = new byte[NONCE_BYTES];
		buffer.get(nonce);
		if (Instant.ofEpochSecond(buffer.getLong()).isBefore(Instant.now())) {
			return Optional.empty();
		}
		return jdbc.sql("SELECT * FROM email_decision_links WHERE nonce = :nonce AND expires_at > now()")
			.param("nonce", HexFormat.of().formatHex(nonce))
			.query((rs, i) -> {
				Timestamp used = rs.getTimestamp("used_at");
				return new Link(rs.getString("nonce"), rs.getObject("decision_id", UUID.class),
						rs.getObject("user_id", UUID.class), rs.getString("action"),
						rs.getTimestamp("expires_at").toInstant(), used != null ? used.toInstant() : null);
			})
			.optional();
	}

	/** Uses the link; false when it was used (or expired) meanwhile. */
	public boolean use(String nonce) {
		return jdbc.sql("""
				UPDATE email_decision_links SET used_at = now()
				WHERE nonce = :nonce AND used_at IS NULL AND expires_at > now()""")
			.param("nonce", nonce)
			.update() == 1;
	}

	private byte[] sign(byte[] payload) {
		return Arrays.copyOf(secrets.mac(PURPOSE, payload), MAC_BYTES);
	}

	private static String encode(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
