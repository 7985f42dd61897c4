package io.quantapilot.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.quantapilot.common.QuantaPilotException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API keys: random secrets shown once at creation and stored only as SHA-256 hashes (the secrets carry
 * 256 bits of entropy, so a slow password hash adds nothing), scoped to a user, optionally expiring,
 * revocable.
 */
@Service
public class ApiKeyService {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;

	private final AuditLog audit;

	ApiKeyService(JdbcClient jdbc, AuditLog audit) {
		this.jdbc = jdbc;
		this.audit = audit;
	}

	/** A newly created key; {@code secret} is never available again. */
	public record CreatedKey(UUID id, String name, String prefix, String secret, Instant expiresAt) {
	}

	/** A key as listed (no secret). */
	public record KeyInfo(UUID id, String name, String prefix, String username, Instant createdAt,
			Instant expiresAt, Instant revokedAt, Instant lastUsedAt) {

		/** {@code active}, {@code revoked} or {@code expired}. */
		public String status(Instant now) {
			return revokedAt != null ? "revoked" : expiresAt != null && !expiresAt.isAfter(now) ? "expired" : "active";
		}

	}

	@Transactional
	public CreatedKey create(String name, UUID userId, Instant expiresAt, String actor) {
		return insert(name, userId, newSecret(), expiresAt, actor);
	}

	/** Creates a key with a given secret (the {@code QP_ADMIN_API_KEY} of first start). */
	@Transactional
	public CreatedKey createWithSecret(String name, UUID userId, String secret, String actor) {
		if (secret.length() < 24) {
			throw new QuantaPilotException.InvalidRequest("api_key", "an API key must be at least 24 characters");
		}
		return insert(name, userId, secret, null, actor);
	}

	private CreatedKey insert(String name, UUID userId, String secret, Instant expiresAt, String actor) {
		UUID id = UUID.randomUUID();
		String prefix = secret.substring(0, Math.min(10, secret.length()));
		jdbc.sql("""
				INSERT INTO api_keys (id, name, prefix, key_hash, user_id, expires_at)
				VALUES (:id, :name, :prefix, :hash, :user, :expires)""")
			.param("id", id)
			.param("name", name)
			.param("prefix", prefix)
			.param("hash", hash(secret))
			.param("user", userId)
			.param("expires", expiresAt != null ? Timestamp.from(expiresAt) : null)
			.update();
		audit.record(actor, "api_key.created", "api_key", id.toString(), Map.of("name", name, "prefix", prefix));
		return new CreatedKey(id, name, prefix, secret, expiresAt);
	}

	/** The principal owning a valid (known, unrevoked, unexpired) key. */
	public Optional<Principal> authenticate(String secret) {
		if (secret == null || secret.isBlank() || secret.length() > 200) {
			return Optional.empty();
		}
		Optional<Principal> principal = jdbc.sql("""
				SELECT k.id AS key_id, u.id AS user_id, u.username, u.role FROM api_keys k JOIN users u ON u.id = k.user_id
				WHERE k.key_hash = :hash AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())""")
			.param("hash", hash(secret))
			.query((rs, i) -> new Principal(rs.getObject("user_id", UUID.class), rs.getString("username"),
					UserRole.valueOf(rs.getString("role").toUpperCase(java.util.Locale.ROOT)),
					rs.getObject("key_id", UUID.class)))
			.optional();
		principal.ifPresent(p -> jdbc.sql("""
				UPDATE api_keys SET last_used_at = now()
				WHERE id = :id AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')""")
			.param("id", p.apiKeyId())
			.update());
		return principal;
	}

	public List<KeyInfo> list() {
		return jdbc.sql("""
				SELECT k.*, u.username FROM api_keys k JOIN users u ON u.id = k.user_id ORDER BY k.created_at""")
			.query((rs, i) -> new KeyInfo(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("prefix"),
					rs.getString("username"), instant(rs.getTimestamp("created_at")),
					instant(rs.getTimestamp("expires_at")), instant(rs.getTimestamp("revoked_at")),
					instant(rs.getTimestamp("last_used_at"))))
			.list();
	}

	/**
	 * Replaces a key by a new one for the same user and name. The old key is revoked at once, or, with a
	 * positive {@code grace}, stays valid that much longer (never longer than it would have anyway), so clients
	 * can switch without an outage.
	 *
	 * @param expiresAt expiry of the new key; null gives it the old key's lifetime, counted from now
	 */
	@Transactional
	public Rotated rotate(UUID id, Duration grace, Instant expiresAt, String actor) {
		if (grace.isNegative()) {
			throw new QuantaPilotException.InvalidRequest("grace_period", "the grace period must not be negative");
		}
		Instant now = Instant.now();
		record Old(String name, UUID userId, Instant createdAt, Instant expiresAt) {
		}
		Old old = jdbc.sql("""
				SELECT name, user_id, created_at, expires_at FROM api_keys
				WHERE id = :id AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now()) FOR UPDATE""")
			.param("id", id)
			.query((rs, i) -> new Old(rs.getString("name"), rs.getObject("user_id", UUID.class),
					rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("expires_at"))))
			.optional()
			.orElseThrow(() -> new QuantaPilotException.NotFound("active API key", id));
		Instant newExpiry = expiresAt != null ? expiresAt
				: old.expiresAt() != null ? now.plus(Duration.between(old.createdAt(), old.expiresAt())) : null;
		CreatedKey created = insert(old.name(), old.userId(), newSecret(), newExpiry, actor);
		Instant oldValidUntil;
		if (grace.isZero()) {
			jdbc.sql("UPDATE api_keys SET revoked_at = :now WHERE id = :id")
				.param("id", id)
				.param("now", Timestamp.from(now))
				.update();
			oldValidUntil = now;
		}
		else {
			Instant end = now.plus(grace);
			oldValidUntil = old.expiresAt() != null && old.expiresAt().isBefore(end) ? old.expiresAt() : end;
			jdbc.sql("UPDATE api_keys SET expires_at = :end WHERE id = :id")
				.param("id", id)
				.param("end", Timestamp.from(oldValidUntil))
				.update();
		}
		audit.record(actor, "api_key.rotated", "api_key", id.toString(),
				Map.of("replaced_by", created.id().toString(), "old_valid_until", oldValidUntil.toString()));
		return new Rotated(created, id, oldValidUntil);
	}

	/**
	 * The outcome of a rotation.
	 *
	 * @param oldValidUntil until when the replaced key still works (now, without a grace period)
	 */
	public record Rotated(CreatedKey key, UUID replaced, Instant oldValidUntil) {
	}

	@Transactional
	public void revoke(UUID id, String actor) {
		int updated = jdbc.sql("UPDATE api_keys SET revoked_at = now() WHERE id = :id AND revoked_at IS NULL")
			.param("id", id)
			.update();
		if (updated == 0) {
			throw new QuantaPilotException.NotFound("active API key", id);
		}
		audit.record(actor, "api_key.revoked", "api_key", id.toString(), Map.of());
	}

	private static Instant instant(Timestamp ts) {
		return ts != null ? ts.toInstant() : null;
	}

	static String newSecret() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return "qp_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static String hash(String secret) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

}
