package io.quantapilot.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
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

	/** The user with this id, when there is one. */
	public Optional<User> find(UUID id) {
		return jdbc.sql("SELECT id, username, role FROM users WHERE id = :id").param("id", id).query(UserService::user)
			.optional();
	}

	/** The user with this name, when there is one. */
	public Optional<User> findByUsername(String username) {
		return jdbc.sql("SELECT id, username, role FROM users WHERE username = :u")
			.param("u", username)
			.query(UserService::user)
			.optional();
	}

	/** Every user, by name. */
	public List<User> list() {
		return jdbc.sql("SELECT id, username, role FROM users ORDER BY username").query(UserService::user).list();
	}

	private static User user(ResultSet rs, int row) throws SQLException {
		return new User(rs.getObject("id", UUID.class), rs.getString("username"),
				UserRole.valueOf(rs.getString("role").toUpperCase(Locale.ROOT)));
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
