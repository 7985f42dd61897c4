package io.quantapilot.identity;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Users with roles; passwords stored as BCrypt hashes. */
@Service
public class UserService {


	private final JdbcClient jdbc;

	private final AuditLog audit;

	private final BCryptPasswordEncoder passwords = new BCryptPasswordEncoder();

	UserService(JdbcClient jdbc, AuditLog audit) {
		this.jdbc = jdbc;
		this.audit = audit;
	}

	public long count() {
		return jdbc.sql("SELECT count(*) FROM users").query(Long.class).single();
	}

	public Optional<UUID> findId(String username) {
		return jdbc.sql("SELECT id FROM users WHERE username = :u").param("u", username).query(UUID.class).optional();
	}

	@Transactional
	public UUID create(String username, String password, UserRole role, String actor) {
		UUID id = UUID.randomUUID();
		jdbc.sql("INSERT INTO users (id, username, password_hash, role) VALUES (:id, :u, :h, :r)")
			.param("id", id)
			.param("u", username)
			.param("h", passwords.encode(password))
			.param("r", role.wireName())
			.update();
		audit.record(actor, "user.created", "user", id.toString(), Map.of("username", username, "role", role.wireName()));
		return id;
	}

	public boolean checkPassword(String username, String password) {
		return jdbc.sql("SELECT password_hash FROM users WHERE username = :u")
			.param("u", username)
			.query(String.class)
			.optional()
			.map(hash -> passwords.matches(password, hash))
			.orElse(false);
	}


}
