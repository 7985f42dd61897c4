package io.quantapilot.notifications.telegram;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.decisions.Decision;
import io.quantapilot.decisions.DecisionService;
import io.quantapilot.decisions.DecisionStatus;
import io.quantapilot.identity.User;
import io.quantapilot.identity.UserService;
import io.quantapilot.notifications.NotificationSettings;
import io.quantapilot.notifications.internal.Outbox;
import io.quantapilot.notifications.internal.OutboxSignal;
import io.quantapilot.projects.NewProject;
import io.quantapilot.projects.Project;
import io.quantapilot.projects.ProjectRating;
import io.quantapilot.projects.ProjectRatings;
import io.quantapilot.projects.ProjectService;
import io.quantapilot.projects.Stage;
import io.quantapilot.projects.StageStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import static io.quantapilot.notifications.telegram.TelegramText.escape;

/**
 * Handles the bot's updates — commands and button presses — whether pushed to the webhook or fetched by
 * long polling. Each update is handled once: its id is recorded in the same transaction as what it
 * did (a decision, a new project, the replies queued in the outbox), so a redelivered update finds its id
 * and is ignored. Unlinked chats can only {@code /start} and ask for {@code /help}; viewers can follow but
 * not decide or create.
 */
@Component
public class TelegramBot {

	private static final Logger log = LoggerFactory.getLogger(TelegramBot.class);

	private static final Pattern URL = Pattern.compile("^(https?://|git@|ssh://|file:/)\\S+$");

	private final TelegramStore store;

	private final TelegramBotClient client;

	private final UserService users;

	private final ProjectService projects;

	private final DecisionService decisions;

	private final Outbox outbox;

	private final OutboxSignal signal;

	private final TransactionTemplate tx;

	private final NotificationSettings settings;

	private final ProjectRatings ratings;

	TelegramBot(TelegramStore store, TelegramBotClient client, UserService users, ProjectService projects,
			DecisionService decisions, Outbox outbox, OutboxSignal signal, TransactionTemplate tx,
			NotificationSettings settings, ProjectRatings ratings) {
		this.store = store;
		this.client = client;
		this.users = users;
		this.projects = projects;
		this.decisions = decisions;
		this.outbox = outbox;
		this.signal = signal;
		this.tx = tx;
		this.settings = settings;
		this.ratings = ratings;
	}

	/** Handles one update (once, however often it arrives); never throws. */
	public void handle(JsonNode update) {
		long updateId = update.path("update_id").asLong(-1);
		if (updateId < 0) {
			return;
		}
		Incoming incoming = Incoming.of(update);
		String document = null;
		String documentError = null;
		if (incoming.documentId() != null && incoming.wantsCreate()) {
			// Downloaded before the transaction: no network wait while holding database locks.
			try {
				document = new String(client.downloadFile(incoming.documentId(), ProjectService.MAX_README_BYTES),
						StandardCharsets.UTF_8);
			}
			catch (TelegramApiException ex) {
				documentError = "Could not read the file: " + ex.getMessage();
			}
		}
		String readme = document;
		String readError = documentError;
		for (int attempt = 1;; attempt++) {
			List<Runnable> afterCommit = new ArrayList<>();
			try {
				Boolean fresh = tx.execute(status -> {
					if (!store.markHandled(updateId, incoming.kind(), null)) {
						return false;
					}
					process(incoming, readme, readError, afterCommit);
					return true;
				});
				if (Boolean.TRUE.equals(fresh)) {
					afterCommit.forEach(TelegramBot::runQuietly);
				}
				else {
					log.debug("Telegram update {} was handled before; ignored", updateId);
				}
				return;
			}
			catch (QuantaPilotException ex) {
				if (ex instanceof QuantaPilotException.Conflict && attempt == 1) {
					// Something changed meanwhile (a decision answered elsewhere): look again.
					continue;
				}
				failed(updateId, incoming, ex.getMessage(), ex.getMessage());
				return;
			}
			catch (RuntimeException ex) {
				log.error("Telegram update {} failed", updateId, ex);
				failed(updateId, incoming, "Something went wrong; the operators can find it in the log.",
						ex.getClass().getSimpleName() + ": " + ex.getMessage());
				return;
			}
		}
	}

	private void failed(long updateId, Incoming incoming, String message, String error) {
		List<Runnable> afterCommit = new ArrayList<>();
		try {
			Boolean fresh = tx.execute(status -> {
				if (!store.markHandled(updateId, incoming.kind(), error)) {
					return false;
				}
				if (incoming.callbackId() != null) {
					afterCommit.add(() -> client.answerCallbackQuery(incoming.callbackId(), "⚠️ " + message, true));
				}
				else if (incoming.chatId() != null) {
					reply(incoming.chatId(), "⚠️ " + escape(message));
				}
				return true;
			});
			if (Boolean.TRUE.equals(fresh)) {
				afterCommit.forEach(TelegramBot::runQuietly);
			}
		}
		catch (RuntimeException ex) {
			log.error("Telegram update {} could not even be recorded as failed", updateId, ex);
		}
	}

	private void process(Incoming in, String readme, String readError, List<Runnable> afterCommit) {
		if (in.chatId() == null) {
			return;
		}
		Optional<User> user = store.chat(in.chatId()).flatMap(chat -> users.find(chat.userId()));
		if (in.callbackId() != null) {
			callback(in, user, afterCommit);
			return;
		}
		String text = in.text() != null ? in.text().strip() : "";
		if (!text.startsWith("/") && (readme != null || readError != null)) {
			text = "/create";
		}
		if (!text.startsWith("/")) {
			if (in.documentId() == null) {
				reply(in.chatId(), user.isPresent() ? "Send /help for the commands."
						: "This chat is not linked yet. Send /help to see how.");
			}
			else {
				reply(in.chatId(), "To start a project from this file, send it again with the caption /create.");
			}
			return;
		}
		int space = indexOfWhitespace(text);
		String command = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
		int at = command.indexOf('@');
		if (at > 0) {
			command = command.substring(0, at);
		}
		String args = space < 0 ? "" : text.substring(space).strip();
		switch (command) {
			case "/start" -> start(in, args, user);
			case "/help" -> reply(in.chatId(), help(user.isPresent()));
			default -> {
				if (user.isEmpty()) {
					reply(in.chatId(), "This chat is not linked to a QuantaPilot user. Send /start <i>code</i> with a "
							+ "one-time code first (/help explains how to get one).");
					return;
				}
				command(command, args, in, user.get(), readme, readError);
			}
		}
	}

	private void command(String command, String args, Incoming in, User user, String readme, String readError) {
		long chat = in.chatId();
		switch (command) {
			case "/projects" -> reply(chat, projectList());
			case "/status" -> reply(chat, args.isEmpty() ? projectList() : status(parseId(args.split("\\s+")[0], "project")));
			case "/approve", "/reject", "/modify" -> {
				requireSteering(user);
				String[] parts = args.split("\\s+", 2);
				if (parts[0].isEmpty()) {
					reply(chat, "Usage: " + command + " <i>decision id</i>" + ("/modify".equals(command)
							? " <i>what to change</i>" : " [comment]"));
					return;
				}
				String comments = parts.length > 1 ? parts[1].strip() : null;
				String outcome = command.substring(1);
				reply(chat, decide(parseId(parts[0], "decision"), outcome, comments, user).text());
			}
			case "/rate" -> rate(chat, args, user);
			case "/create" -> {
				requireSteering(user);
				create(chat, args, readme, readError, user);
			}
			case "/stop" -> {
				store.unlink(chat);
				reply(chat, "This chat is unlinked from " + escape(user.username())
						+ ". It gets no more notifications; /start <i>code</i> links it again.");
			}
			default -> reply(chat, "Unknown command " + escape(command) + ". Send /help for the list.");
		}
	}

	private void start(Incoming in, String code, Optional<User> current) {
		if (code.isEmpty()) {
			reply(in.chatId(), current.isPresent()
					? "This chat is linked to <b>" + escape(current.get().username()) + "</b>. Send /help for the commands."
					: help(false));
			return;
		}
		Optional<User> linked = store.redeem(code, in.chatId(), in.chatTitle()).flatMap(users::find);
		if (linked.isEmpty()) {
			reply(in.chatId(), "That code is unknown, used or expired. Ask for a new one (/help explains how).");
			return;
		}
		reply(in.chatId(), "✅ Linked to QuantaPilot user <b>" + escape(linked.get().username()) + "</b> ("
				+ linked.get().role().wireName() + "). Decisions and results come here now. Send /help for the commands.");
	}

	private void callback(Incoming in, Optional<User> user, List<Runnable> afterCommit) {
		String data = in.callbackData() != null ? in.callbackData() : "";
		String[] parts = data.split(":");
		if (!data.startsWith(TelegramMessages.DECISION_CALLBACK) || parts.length != 3) {
			afterCommit.add(() -> client.answerCallbackQuery(in.callbackId(), "This button is not for me.", false));
			return;
		}
		if (user.isEmpty()) {
			afterCommit.add(() -> client.answerCallbackQuery(in.callbackId(),
					"This chat is not linked to a QuantaPilot user.", true));
			return;
		}
		if (!user.get().role().canSteer()) {
			afterCommit.add(() -> client.answerCallbackQuery(in.callbackId(),
					"Your role (" + user.get().role().wireName() + ") can follow decisions but not answer them.", true));
			return;
		}
		UUID decisionId = parseId(parts[1], "decision");
		String outcome = switch (parts[2]) {
			case "a" -> "approve";
			case "r" -> "reject";
			default -> "modify";
		};
		if ("modify".equals(outcome)) {
			afterCommit.add(() -> client.answerCallbackQuery(in.callbackId(),
					"Send /modify " + decisionId + " followed by what should change.", true));
			return;
		}
		Decided decided = decide(decisionId, outcome, null, user.get());
		afterCommit.add(() -> client.answerCallbackQuery(in.callbackId(), decided.plain(), !decided.now()));
		if (in.messageId() != null) {
			Project project = projects.get(decided.decision().projectId());
			edit(in.chatId(), in.messageId(), TelegramMessages.answered(decided.decision(), project.name()));
		}
	}

	/** The result of answering a decision from a chat: answered now, or already answered before. */
	private record Decided(Decision decision, boolean now, String text, String plain) {
	}

	private Decided decide(UUID id, String outcome, String comments, User user) {
		Decision decision = decisions.get(id);
		String label = TelegramMessages.label(decision.type().wireName());
		if (decision.status() != DecisionStatus.PENDING) {
			String by = decision.decidedBy() != null ? " by " + decision.decidedBy() : "";
			String when = decision.decidedAt() != null ? " at " + TelegramText.time(decision.decidedAt()) : "";
			String plain = "Already " + decision.status().wireName().replace('_', ' ') + by + when + ".";
			return new Decided(decision, false, "ℹ️ The " + label + " was " + escape(plain.substring(8)), plain);
		}
		Decision answered = decisions.decide(id, outcome, comments, null, user.username(), "telegram");
		String plain = switch (answered.status()) {
			case APPROVED -> "Approved.";
			case REJECTED -> "Rejected.";
			case MODIFIED -> "Changes requested; the plan is redone.";
			default -> answered.status().wireName() + ".";
		};
		return new Decided(answered, true, "✅ " + label + ": " + escape(plain), plain);
	}

	private void create(long chat, String args, String readme, String readError, User user) {
		if (readError != null) {
			reply(chat, "⚠️ " + escape(readError));
			return;
		}
		String text = readme != null ? readme : args;
		if (text.isBlank()) {
			reply(chat, "Usage: /create <i>repository URL</i>, or /create followed by the README text, or send "
					+ "README.md as a file with the caption /create.");
			return;
		}
		boolean url = readme == null && !text.contains("\n") && URL.matcher(text.strip()).matches();
		Project project = projects.create(new NewProject(null, url ? null : text, url ? text.strip() : null, null, null),
				user.username());
		reply(chat, "🆕 Created <b>" + escape(project.name()) + "</b>\n<code>" + project.id()
				+ "</code>\nThe plan comes here for approval when it is ready.");
	}

	/** {@code /rate <project id> <1-5> [comment]}: every linked role may rate, as in the API. */
	private void rate(long chat, String args, User user) {
		String[] parts = args.split("\\s+", 3);
		if (parts.length < 2 || parts[0].isEmpty()) {
			reply(chat, "Usage: /rate <i>project id</i> <i>1-5</i> [comment]");
			return;
		}
		UUID projectId = parseId(parts[0], "project");
		if (!parts[1].matches("[1-5]")) {
			throw new QuantaPilotException.InvalidRequest("score",
					"'" + TelegramText.shorten(parts[1], 20) + "' is not a score; give a whole number from 1 to 5");
		}
		String comment = parts.length > 2 ? parts[2] : null;
		ProjectRating rating = ratings.rate(projectId, user.id(), user.username(), Integer.parseInt(parts[1]), comment,
				"telegram");
		Project project = projects.get(projectId);
		reply(chat, "⭐ You rated <b>" + escape(project.name()) + "</b> " + rating.score() + "/5"
				+ (rating.comment() != null ? " — " + escape(TelegramText.shorten(rating.comment(), 200)) : "")
				+ ". Thank you! Rating again replaces it.");
	}

	private String projectList() {
		List<Project> recent = projects.list(null, 10, 0).projects();
		if (recent.isEmpty()) {
			return "No projects yet. Start one with /create.";
		}
		StringBuilder html = new StringBuilder("<b>Recent projects</b>\n");
		for (Project p : recent) {
			html.append("\n• <b>").append(escape(p.name())).append("</b> — ").append(p.status().wireName())
				.append("\n<code>").append(p.id()).append("</code>");
		}
		return html.toString();
	}

	private String status(UUID id) {
		Project project = projects.get(id);
		List<Stage> stages = projects.stages(id);
		long done = stages.stream().filter(s -> s.status() == StageStatus.COMPLETED).count();
		StringBuilder html = new StringBuilder();
		html.append("<b>").append(escape(project.name())).append("</b> — ").append(project.status().wireName())
			.append("\n<code>").append(project.id()).append("</code>\n");
		if (!stages.isEmpty()) {
			html.append("Stages: ").append(done).append(" of ").append(stages.size()).append(" done");
			stages.stream()
				.filter(s -> s.status() != StageStatus.COMPLETED && s.status() != StageStatus.PENDING)
				.findFirst()
				.ifPresent(s -> html.append("; now <b>").append(escape(s.name())).append("</b> (")
					.append(escape(s.currentStep() != null ? s.currentStep() : s.status().wireName())).append(')'));
			html.append('\n');
		}
		if (project.repositoryUrl() != null) {
			html.append("Repository: ").append(escape(project.repositoryUrl())).append('\n');
		}
		if (project.failureReason() != null) {
			html.append("Reason: ").append(escape(TelegramText.shorten(project.failureReason(), 500))).append('\n');
		}
		for (Decision pending : decisions.list(DecisionStatus.PENDING, id, 10)) {
			html.append("⏳ ").append(TelegramMessages.label(pending.type().wireName())).append(": <code>")
				.append(pending.id()).append("</code>\n");
		}
		html.append("Tokens: ").append(project.tokensUsed()).append(", cost $").append(project.costUsd());
		return html.toString();
	}

	private static String help(boolean linked) {
		if (!linked) {
			return """
					👋 <b>QuantaPilot</b>
					This chat is not linked to a QuantaPilot user yet.
					1. Get a one-time code: <code>quantapilot notifications link-code --user YOUR_NAME</code> \
					(or <code>POST /api/v1/notifications/telegram/link-codes</code>).
					2. Send <code>/start CODE</code> here.""";
		}
		return """
				<b>Commands</b>
				/projects — recent projects
				/status <i>project id</i> — progress and pending decisions
				/approve <i>decision id</i> [comment]
				/reject <i>decision id</i> [reason]
				/modify <i>decision id</i> <i>what to change</i>
				/rate <i>project id</i> <i>1-5</i> [comment] — rate a finished project
				/create <i>repository URL</i>, or /create and a README below it (or README.md as a file with the \
				caption /create)
				/stop — unlink this chat
				/help — this list""";
	}

	private static void requireSteering(User user) {
		if (!user.role().canSteer()) {
			throw new QuantaPilotException.Forbidden(
					"Your role (" + user.role().wireName() + ") can follow projects but not steer them.");
		}
	}

	private static UUID parseId(String text, String what) {
		try {
			return UUID.fromString(text.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new QuantaPilotException.InvalidRequest(what, "'" + TelegramText.shorten(text, 40)
					+ "' is not a " + what + " id; copy the full id (tap it in a message)");
		}
	}

	private void reply(long chatId, String html) {
		outbox.enqueue("telegram", Long.toString(chatId), "reply", Map.of("kind", "text", "text", html),
				settings.maxAttempts());
		signal.wakeAfterCommit();
	}

	private void edit(long chatId, long messageId, String html) {
		outbox.enqueue("telegram", Long.toString(chatId), "reply",
				Map.of("kind", "edit", "message_id", messageId, "text", html), settings.maxAttempts());
		signal.wakeAfterCommit();
	}

	private static int indexOfWhitespace(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (Character.isWhitespace(text.charAt(i))) {
				return i;
			}
		}
		return -1;
	}

	private static void runQuietly(Runnable action) {
		try {
			action.run();
		}
		catch (RuntimeException ex) {
			// Answering a button press is a courtesy; the decision itself is already recorded.
			log.warn("Telegram call after an update failed: {}", ex.getMessage());
		}
	}

	/** The parts of an update the bot uses. */
	record Incoming(String kind, Long chatId, String chatTitle, Long messageId, String text, String documentId,
			String documentName, String callbackId, String callbackData) {

		static Incoming of(JsonNode update) {
			if (update.has("callback_query")) {
				JsonNode query = update.path("callback_query");
				JsonNode message = query.path("message");
				Long chat = message.path("chat").has("id") ? message.path("chat").path("id").asLong() : null;
				Long messageId = message.has("message_id") ? message.path("message_id").asLong() : null;
				return new Incoming("callback_query", chat, title(message.path("chat")), messageId, null, null, null,
						query.path("id").asString(null), query.path("data").asString(null));
			}
			// Edited messages are not commands: editing "/approve …" must not answer a decision again.
			JsonNode message = update.path("message");
			if (message.isMissingNode() || !message.path("chat").has("id")) {
				return new Incoming("other", null, null, null, null, null, null, null, null);
			}
			JsonNode document = message.path("document");
			String text = message.has("text") ? message.path("text").asString() : message.path("caption").asString(null);
			return new Incoming("message", message.path("chat").path("id").asLong(), title(message.path("chat")),
					message.path("message_id").asLong(), text, document.path("file_id").asString(null),
					document.path("file_name").asString(null), null, null);
		}

		/** A file sent with the caption /create, or a README.md sent alone. */
		boolean wantsCreate() {
			String caption = text != null ? text.strip().toLowerCase(Locale.ROOT) : "";
			return caption.startsWith("/create") || (caption.isEmpty() && documentName != null
					&& documentName.equalsIgnoreCase("README.md"));
		}

		private static String title(JsonNode chat) {
			String title = chat.path("title").asString(null);
			if (title == null) {
				title = (chat.path("first_name").asString("") + " " + chat.path("last_name").asString("")).strip();
			}
			return title.length() > 200 ? title.substring(0, 200) : title;
		}

	}

}
