package io.quantapilot.notifications.telegram;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.quantapilot.decisions.Decision;
import io.quantapilot.decisions.DecisionService;
import io.quantapilot.decisions.DecisionStatus;
import io.quantapilot.identity.User;
import io.quantapilot.identity.UserService;
import io.quantapilot.notifications.NotificationEvents;
import io.quantapilot.notifications.NotificationSettings;
import io.quantapilot.notifications.internal.Audience;
import io.quantapilot.notifications.internal.ChannelDelivery;
import io.quantapilot.notifications.internal.DeliveryOutcome;
import io.quantapilot.notifications.internal.OutboxItem;

import org.springframework.stereotype.Component;

/**
 * The Telegram channel: sends events to the linked chats of the people who want them, asks decisions
 * with buttons (remembering which message shows which decision) and edits those messages once the
 * decision is made, whoever made it and wherever. Long messages go out in parts, and the parts already
 * sent are recorded, so a retry continues where it stopped. A 429 holds the chat back for as long as
 * Telegram asked, without counting as a failed attempt.
 */
@Component
class TelegramDelivery implements ChannelDelivery {

	/** Waits up to this long for a send slot in the sending thread; longer waits reschedule. */
	private static final Duration MAX_INLINE_WAIT = Duration.ofMillis(1500);

	private final NotificationSettings settings;

	private final TelegramBotClient client;

	private final TelegramRateLimiter limiter;

	private final TelegramStore store;

	private final Audience audience;

	private final DecisionService decisions;

	private final UserService users;

	TelegramDelivery(NotificationSettings settings, TelegramBotClient client, TelegramRateLimiter limiter,
			TelegramStore store, Audience audience, DecisionService decisions, UserService users) {
		this.settings = settings;
		this.client = client;
		this.limiter = limiter;
		this.store = store;
		this.audience = audience;
		this.decisions = decisions;
		this.users = users;
	}

	@Override
	public String channel() {
		return "telegram";
	}

	@Override
	public boolean available() {
		return settings.telegram().enabled();
	}

	@Override
	public List<Target> route(String event, Map<String, Object> data, Instant occurredAt) {
		List<Target> targets = new ArrayList<>();
		for (Audience.Member member : audience.of(channel(), event, data)) {
			boolean wantsText = member.told();
			// A decision made or timed out also edits the question the person was sent, even if they skip those messages.
			boolean wanted = (NotificationEvents.DECISION_MADE.equals(event)
					|| NotificationEvents.DECISION_ESCALATED.equals(event))
							? wantsText || member.preferences().wants(channel(), NotificationEvents.DECISION_REQUIRED)
					: wantsText;
			if (!wanted) {
				continue;
			}
			for (TelegramStore.Chat chat : store.chats(member.preferences().userId())) {
				Map<String, Object> payload = new LinkedHashMap<>();
				payload.put("kind", switch (event) {
					case NotificationEvents.DECISION_REQUIRED, NotificationEvents.DECISION_REMINDER -> "question";
					case NotificationEvents.DECISION_MADE, NotificationEvents.DECISION_ESCALATED -> "outcome";
					default -> "event";
				});
				payload.put("data", data);
				payload.put("text_wanted", wantsText);
				payload.put("reminder", NotificationEvents.DECISION_REMINDER.equals(event));
				targets.add(new Target(Long.toString(chat.chatId()), payload));
			}
		}
		return targets;
	}

	@Override
	public DeliveryOutcome deliver(OutboxItem item, Progress progress) {
		long chatId = Long.parseLong(item.recipient());
		try {
			String kind = item.text("kind");
			if ("text".equals(kind)) {
				@SuppressWarnings("unchecked")
				Map<String, Object> keyboard = (Map<String, Object>) item.payload().get("keyboard");
				return sendParts(chatId, item.text("text"), keyboard, item, progress, null);
			}
			if ("edit".equals(kind)) {
				return edit(chatId, Long.parseLong(item.text("message_id")), item.text("text"));
			}
			Optional<TelegramStore.Chat> chat = store.chat(chatId);
			if (chat.isEmpty()) {
				return new DeliveryOutcome.Cancelled("the chat is no longer linked");
			}
			Map<String, Object> data = item.data();
			if ("question".equals(kind)) {
				Decision decision = decisions.get(UUID.fromString(data.get("decision_id").toString()));
				boolean canDecide = users.find(chat.get().userId()).map(User::role).map(r -> r.canSteer()).orElse(false);
				String project = String.valueOf(data.get("project_name"));
				boolean reminder = Boolean.TRUE.equals(item.payload().get("reminder"));
				if (reminder && decision.status() != DecisionStatus.PENDING) {
					return new DeliveryOutcome.Delivered("answered before the reminder went out");
				}
				TelegramMessages.Message message = decision.status() == DecisionStatus.PENDING
						? TelegramMessages.question(decision, project, canDecide)
						: new TelegramMessages.Message(TelegramMessages.answered(decision, project), null);
				String html = reminder ? "⏳ <b>Reminder</b>: no answer yet, and this decision times out at "
						+ TelegramText.time(decision.timeoutAt()) + ".\n\n" + message.html() : message.html();
				return sendParts(chatId, html, message.keyboard(), item, progress, decision.id());
			}
			if ("outcome".equals(kind)) {
				return outcome(chatId, data, item, progress);
			}
			return sendParts(chatId, TelegramMessages.event(item.event(), data), null, item, progress, null);
		}
		catch (TelegramApiException ex) {
			return failure(chatId, ex);
		}
	}

	/**
	 * Edits the messages that asked the decision to show how it ended. A line is sent too when wanted: for a
	 * made decision only if there was no question to edit, for an escalation always (it is news).
	 */
	private DeliveryOutcome outcome(long chatId, Map<String, Object> data, OutboxItem item, Progress progress) {
		Decision decision = decisions.get(UUID.fromString(data.get("decision_id").toString()));
		List<Long> messages = store.decisionMessages(decision.id(), chatId);
		String project = String.valueOf(data.get("project_name"));
		for (long messageId : messages) {
			DeliveryOutcome edited = edit(chatId, messageId, TelegramMessages.answered(decision, project));
			if (!(edited instanceof DeliveryOutcome.Delivered)) {
				return edited;
			}
		}
		boolean escalated = NotificationEvents.DECISION_ESCALATED.equals(item.event());
		if ((messages.isEmpty() || escalated) && Boolean.TRUE.equals(item.payload().get("text_wanted"))) {
			return sendParts(chatId, TelegramMessages.event(item.event(), data), null, item, progress, null);
		}
		return new DeliveryOutcome.Delivered(messages.size() + " message(s) edited");
	}

	private DeliveryOutcome sendParts(long chatId, String html, Map<String, Object> keyboard, OutboxItem item,
			Progress progress, UUID decisionId) {
		List<String> parts = TelegramText.split(html, TelegramText.LIMIT);
		for (int i = item.progress(); i < parts.size(); i++) {
			Duration wait = slot(chatId);
			if (!wait.isZero()) {
				return new DeliveryOutcome.RetryAt(Instant.now().plus(wait), "waiting for a send slot", false);
			}
			boolean last = i == parts.size() - 1;
			long messageId = client.sendMessage(chatId, parts.get(i), last ? keyboard : null);
			if (last && decisionId != null) {
				store.recordDecisionMessage(chatId, messageId, decisionId);
			}
			if (!progress.record(i + 1)) {
				return new DeliveryOutcome.Failed("lost the lease while sending", false);
			}
		}
		return new DeliveryOutcome.Delivered(parts.size() + " part(s)");
	}

	private DeliveryOutcome edit(long chatId, long messageId, String html) {
		Duration wait = slot(chatId);
		if (!wait.isZero()) {
			return new DeliveryOutcome.RetryAt(Instant.now().plus(wait), "waiting for a send slot", false);
		}
		try {
			client.editMessageText(chatId, messageId, html, null);
		}
		catch (TelegramApiException ex) {
			if (!ex.isNotModified() && !ex.isMessageGone()) {
				throw ex;
			}
		}
		return new DeliveryOutcome.Delivered("edited");
	}

	/** A send slot now (after a short wait in this thread), or how long until there is one. */
	private Duration slot(long chatId) {
		Duration wait = limiter.reserve(chatId);
		if (wait.isZero() || wait.compareTo(MAX_INLINE_WAIT) > 0) {
			return wait;
		}
		try {
			Thread.sleep(wait.toMillis() + 1);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return wait;
		}
		return limiter.reserve(chatId);
	}

	private DeliveryOutcome failure(long chatId, TelegramApiException ex) {
		if (ex.errorCode() == 429) {
			Duration wait = ex.retryAfter() != null ? ex.retryAfter() : Duration.ofSeconds(1);
			limiter.block(chatId, wait);
			return new DeliveryOutcome.RetryAt(Instant.now().plus(wait), "Telegram asked to wait " + wait.toSeconds()
					+ " s (429)", false);
		}
		return new DeliveryOutcome.Failed("Telegram " + ex.errorCode() + ": " + ex.getMessage(), !ex.isTransient());
	}

}
