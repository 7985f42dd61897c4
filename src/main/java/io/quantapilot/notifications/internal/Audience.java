package io.quantapilot.notifications.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.quantapilot.identity.User;
import io.quantapilot.identity.UserRole;
import io.quantapilot.identity.UserService;
import io.quantapilot.notifications.NotificationEvents;
import io.quantapilot.notifications.NotificationPreferences;
import io.quantapilot.notifications.NotificationSettings;

import org.springframework.stereotype.Component;

/**
 * Who hears about an event on a personal channel: the people whose preferences name it, and for an
 * escalation (an escalated decision, or a decision asked again one level up) the escalation list too,
 * whatever their preferences — {@code quantapilot.notifications.escalation-users}, or every admin.
 */
@Component
public class Audience {

	private final NotificationPreferences preferences;

	private final UserService users;

	private final NotificationSettings settings;

	Audience(NotificationPreferences preferences, UserService users, NotificationSettings settings) {
		this.preferences = preferences;
		this.users = users;
		this.settings = settings;
	}

	/** A person and whether they asked for this event on the channel (or are told as escalation contact). */
	public record Member(NotificationPreferences.Preferences preferences, boolean chose, boolean escalation) {

		public boolean told() {
			return chose || escalation;
		}

	}

	/** Everyone, each with whether they are told about the event on the channel. */
	public List<Member> of(String channel, String event, Map<String, Object> data) {
		boolean escalating = NotificationEvents.DECISION_ESCALATED.equals(event)
				|| (NotificationEvents.DECISION_REQUIRED.equals(event) && data.get("escalation_level") instanceof Number level
						&& level.intValue() > 0);
		Set<UUID> contacts = escalating ? escalationList() : Set.of();
		return preferences.all()
			.stream()
			.map(p -> new Member(p, p.wants(channel, event), contacts.contains(p.userId())))
			.toList();
	}

	private Set<UUID> escalationList() {
		List<String> named = settings.escalationUsers();
		return users.list()
			.stream()
			.filter(u -> named.isEmpty() ? u.role() == UserRole.ADMIN : named.contains(u.username()))
			.map(User::id)
			.collect(Collectors.toSet());
	}

}
