package io.quantapilot.notifications;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.identity.AuditLog;
import io.quantapilot.identity.User;
import io.quantapilot.identity.UserService;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Per-user choices: the e-mail address, and per personal channel ({@code telegram}, {@code email}) the
 * events wanted. Without a choice a person gets {@link NotificationEvents#PERSONAL_DEFAULTS}: decisions
 * required, made and escalated, projects completed or failed, budget alerts.
 */
@Service
public class NotificationPreferences {

	/** The personal channels (webhooks are subscriptions, not people). */
	public static final List<String> CHANNELS = List.of("telegram", "email");

	private static final Pattern EMAIL = Pattern.compile("^[^@\\s<>\"]{1,64}@[^@\\s<>\"]+\\.[^@\\s<>\"]+$");

	private static final TypeReference<Map<String, List<String>>> CHANNEL_MAP = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final UserService users;

	private final AuditLog audit;

	NotificationPreferences(JdbcClient jdbc, JsonMapper json, UserService users, AuditLog audit) {
		this.jdbc = jdbc;
		this.json = json;
		this.users = users;
		this.audit = audit;
	}

	/**
	 * A person's preferences.
	 *
	 * @param channels per channel, the events sent on it
	 * @param defaults whether these are the defaults (nothing chosen yet)
	 */
	public record Preferences(UUID userId, String username, String email, Map<String, List<String>> channels,
			boolean defaults) {

		public boolean wants(String channel, String event) {
			return channels.getOrDefault(channel, List.of()).contains(event);
		}

	}

	public Preferences get(User user) {
		return jdbc.sql("SELECT email, channels FROM notification_preferences WHERE user_id = :id")
			.param("id", user.id())
			.query((rs, i) -> preferences(user, rs.getString("email"), rs.getString("channels")))
			.optional()
			.orElseGet(() -> preferences(user, null, null));
	}

	/**
	 * Replaces a person's preferences. {@code email} null removes the address; {@code channels} null goes
	 * back to the defaults, otherwise it names the events of each channel (a channel left out gets nothing).
	 */
	@Transactional
	public Preferences update(User user, String email, Map<String, List<String>> channels, String actor) {
		String address = email != null && !email.isBlank() ? email.strip() : null;
		if (address != null && (address.length() > 320 || !EMAIL.matcher(address).matches())) {
			throw new QuantaPilotException.InvalidRequest("email", "email must be an e-mail address");
		}
		if (channels != null) {
			for (Map.Entry<String, List<String>> entry : channels.entrySet()) {
				if (!CHANNELS.contains(entry.getKey())) {
					throw new QuantaPilotException.InvalidRequest("channels",
							"unknown channel '" + entry.getKey() + "' (known: " + String.join(", ", CHANNELS) + ")");
				}
				List<String> events = entry.getValue() != null ? entry.getValue() : List.of();
				for (String event : events) {
					if (!NotificationEvents.ALL.contains(event)) {
						throw new QuantaPilotException.InvalidRequest("channels." + entry.getKey(),
								"unknown event '" + event + "'");
					}
				}
			}
		}
		jdbc.sql("""
				INSERT INTO notification_preferences (user_id, email, channels, updated_at)
				VALUES (:id, :email, CAST(:channels AS jsonb), now())
				ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, channels = EXCLUDED.channels,
				    updated_at = now()""")
			.param("id", user.id())
			.param("email", address)
			.param("channels", channels != null ? json.writeValueAsString(channels) : null)
			.update();
		audit.record(actor, "notifications.preferences_changed", "user", user.id().toString(),
				Map.of("email_set", address != null, "defaults", channels == null));
		return get(user);
	}

	/** Everyone's preferences (for fanning an event out to the people who want it). */
	public List<Preferences> all() {
		Map<UUID, String[]> stored = new LinkedHashMap<>();
		jdbc.sql("SELECT user_id, email, channels FROM notification_preferences")
			.query((rs, i) -> stored.put(rs.getObject("user_id", UUID.class),
					new String[] { rs.getString("email"), rs.getString("channels") }))
			.list();
		List<Preferences> all = new ArrayList<>();
		for (User user : users.list()) {
			String[] row = stored.get(user.id());
			all.add(row != null ? preferences(user, row[0], row[1]) : preferences(user, null, null));
		}
		return all;
	}

	/** The preferences of the user with this id, when the user exists. */
	public Optional<Preferences> find(UUID userId) {
		return users.find(userId).map(this::get);
	}

	private Preferences preferences(User user, String email, String channelsJson) {
		Map<String, List<String>> channels = new LinkedHashMap<>();
		if (channelsJson == null) {
			List<String> defaults = NotificationEvents.ALL.stream()
				.filter(NotificationEvents.PERSONAL_DEFAULTS::contains)
				.toList();
			for (String channel : CHANNELS) {
				channels.put(channel, defaults);
			}
			return new Preferences(user.id(), user.username(), email, channels, true);
		}
		Map<String, List<String>> chosen = json.readValue(channelsJson, CHANNEL_MAP);
		for (String channel : CHANNELS) {
			List<String> events = chosen.getOrDefault(channel, List.of());
			channels.put(channel, NotificationEvents.ALL.stream().filter(Set.copyOf(events)::contains).toList());
		}
		return new Preferences(user.id(), user.username(), email, channels, false);
	}

}
