package io.quantapilot.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.identity.CurrentPrincipal;
import io.quantapilot.identity.Principal;
import io.quantapilot.identity.User;
import io.quantapilot.identity.UserRole;
import io.quantapilot.identity.UserService;
import io.quantapilot.notifications.NotificationPreferences;
import io.quantapilot.notifications.TelegramLinking;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A person's notification settings: preferences (e-mail address, events per channel) and Telegram chat
 * linking. Everyone manages their own; admins may name another user ({@code username}).
 */
@RestController
@ConditionalOnRole(Role.API)
@RequestMapping("/api/v1/notifications")
class NotificationsController {

	private final NotificationPreferences preferences;

	private final TelegramLinking telegram;

	private final UserService users;

	NotificationsController(NotificationPreferences preferences, TelegramLinking telegram, UserService users) {
		this.preferences = preferences;
		this.telegram = telegram;
		this.users = users;
	}

	record PreferencesRequest(String email, Map<String, List<String>> channels) {
	}

	record PreferencesView(String username, String email, Map<String, List<String>> channels, boolean defaults) {

		static PreferencesView of(NotificationPreferences.Preferences p) {
			return new PreferencesView(p.username(), p.email(), p.channels(), p.defaults());
		}

	}

	record LinkCodeRequest(String username) {
	}

	record LinkCodeView(String code, String username, Instant expiresAt, String botCommand, String instructions) {
	}

	record ChatView(long chatId, String title, String username, Instant linkedAt) {
	}

	@GetMapping("/preferences")
	PreferencesView preferences(@RequestParam(required = false) String username) {
		return PreferencesView.of(preferences.get(subject(username)));
	}

	@PutMapping("/preferences")
	PreferencesView update(@RequestParam(required = false) String username,
			@RequestBody PreferencesRequest request) {
		User user = subject(username);
		return PreferencesView
			.of(preferences.update(user, request.email(), request.channels(), CurrentPrincipal.get().actor()));
	}

	@PostMapping("/telegram/link-codes")
	ResponseEntity<LinkCodeView> linkCode(@RequestBody(required = false) LinkCodeRequest request) {
		User user = subject(request != null ? request.username() : null);
		if (!telegram.enabled()) {
			throw new QuantaPilotException.Conflict(
					"the Telegram bot is not configured (set quantapilot.notifications.telegram.bot-token)");
		}
		TelegramLinking.LinkCode code = telegram.createCode(user, CurrentPrincipal.get().actor());
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(new LinkCodeView(code.code(), code.username(), code.expiresAt(), "/start " + code.code(),
					"Send /start " + code.code() + " to the bot before " + code.expiresAt()
							+ "; the code works once."));
	}

	@GetMapping("/telegram/chats")
	Map<String, Object> chats() {
		Principal principal = CurrentPrincipal.get();
		UUID only = principal.role() == UserRole.ADMIN ? null : principal.userId();
		return Map.of("chats", telegram.chats(only)
			.stream()
			.map(c -> new ChatView(c.chatId(), c.title(), c.username(), c.linkedAt()))
			.toList());
	}

	@DeleteMapping("/telegram/chats/{chatId}")
	ResponseEntity<Void> unlink(@PathVariable long chatId) {
		Principal principal = CurrentPrincipal.get();
		boolean own = telegram.chats(principal.userId()).stream().anyMatch(c -> c.chatId() == chatId);
		if (!own && principal.role() != UserRole.ADMIN) {
			throw new QuantaPilotException.NotFound("linked chat", chatId);
		}
		telegram.unlink(chatId, principal.actor());
		return ResponseEntity.noContent().build();
	}

	/** The caller, or (for admins) the named user. */
	private User subject(String username) {
		Principal principal = CurrentPrincipal.get();
		if (username == null || username.isBlank() || username.equals(principal.username())) {
			return users.find(principal.userId())
				.orElseThrow(() -> new QuantaPilotException.NotFound("user", principal.username()));
		}
		if (principal.role() != UserRole.ADMIN) {
			throw new QuantaPilotException.Forbidden("only admins manage other users' notifications");
		}
		return users.findByUsername(username.strip())
			.orElseThrow(() -> new QuantaPilotException.NotFound("user", username));
	}

}
