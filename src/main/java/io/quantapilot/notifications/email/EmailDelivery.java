package io.quantapilot.notifications.email;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.quantapilot.common.ServerAddress;
import io.quantapilot.decisions.Decision;
import io.quantapilot.decisions.DecisionService;
import io.quantapilot.decisions.DecisionStatus;
import io.quantapilot.decisions.DecisionType;
import io.quantapilot.identity.User;
import io.quantapilot.identity.UserService;
import io.quantapilot.notifications.NotificationEvents;
import io.quantapilot.notifications.NotificationPreferences;
import io.quantapilot.notifications.NotificationSettings;
import io.quantapilot.notifications.internal.Audience;
import io.quantapilot.notifications.internal.ChannelDelivery;
import io.quantapilot.notifications.internal.DeliveryOutcome;
import io.quantapilot.notifications.internal.OutboxItem;
import io.quantapilot.notifications.telegram.TelegramText;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * The e-mail channel (SMTP through Spring Mail, on when {@code spring.mail.host} is set): HTML and plain
 * text from the templates, and for decisions one-click approve and reject links that lead to a
 * confirmation page. Each message's {@code Message-ID} is derived from its notification, so a message
 * sent again after a crash is recognisably the same message.
 */
@Component
class EmailDelivery implements ChannelDelivery {

	private final ObjectProvider<JavaMailSender> mail;

	private final NotificationSettings settings;

	private final Audience audience;

	private final DecisionService decisions;

	private final UserService users;

	private final DecisionLinks links;

	private final ServerAddress address;

	EmailDelivery(ObjectProvider<JavaMailSender> mail, NotificationSettings settings,
			Audience audience, DecisionService decisions, UserService users, DecisionLinks links,
			ServerAddress address) {
		this.mail = mail;
		this.settings = settings;
		this.audience = audience;
		this.decisions = decisions;
		this.users = users;
		this.links = links;
		this.address = address;
	}

	@Override
	public String channel() {
		return "email";
	}

	@Override
	public boolean available() {
		return mail.getIfAvailable() != null;
	}

	@Override
	public List<Target> route(String event, Map<String, Object> data, Instant occurredAt) {
		List<Target> targets = new ArrayList<>();
		for (Audience.Member member : audience.of(channel(), event, data)) {
			NotificationPreferences.Preferences person = member.preferences();
			if (person.email() != null && member.told()) {
				Map<String, Object> payload = new LinkedHashMap<>();
				payload.put("data", data);
				payload.put("user_id", person.userId().toString());
				targets.add(new Target(person.email(), payload));
			}
		}
		return targets;
	}

	@Override
	public DeliveryOutcome deliver(OutboxItem item, Progress progress) {
		JavaMailSender sender = mail.getIfAvailable();
		if (sender == null) {
			return new DeliveryOutcome.Failed("no SMTP server is configured", true);
		}
		Optional<User> user = users.find(UUID.fromString(item.text("user_id")));
		if (user.isEmpty()) {
			return new DeliveryOutcome.Cancelled("the user no longer exists");
		}
		if (NotificationEvents.DECISION_REMINDER.equals(item.event()) && decisions
			.get(UUID.fromString(String.valueOf(item.data().get("decision_id"))))
			.status() != DecisionStatus.PENDING) {
			return new DeliveryOutcome.Delivered("answered before the reminder went out");
		}
		Mail message = compose(item, user.get());
		try {
			MimeMessage mime = sender instanceof JavaMailSenderImpl impl
					? new IdentifiedMessage(impl.getSession(), "<" + item.id() + "@quantapilot>")
					: sender.createMimeMessage();
			MimeMessageHelper helper = new MimeMessageHelper(mime, true, "UTF-8");
			helper.setFrom(settings.email().from());
			helper.setTo(item.recipient());
			helper.setSubject(message.subject());
			helper.setText(message.text(), message.html());
			mime.setHeader("X-QuantaPilot-Notification", item.id().toString());
			mime.setHeader("X-QuantaPilot-Event", item.event());
			sender.send(mime);
			return new DeliveryOutcome.Delivered("sent");
		}
		catch (MessagingException | MailParseException | MailPreparationException ex) {
			return new DeliveryOutcome.Failed("the message could not be built: " + ex.getMessage(), true);
		}
		catch (MailException ex) {
			return new DeliveryOutcome.Failed(ex.getClass().getSimpleName() + ": " + ex.getMessage(), rejected(ex));
		}
	}

	/** A subject, a plain-text body and an HTML body. */
	record Mail(String subject, String text, String html) {
	}

	Mail compose(OutboxItem item, User user) {
		Map<String, Object> data = item.data();
		Map<String, String> values = new HashMap<>();
		data.forEach((key, value) -> values.put(key, value != null ? value.toString() : ""));
		values.put("preferences_url", address.baseUrl() + "/api/v1/notifications/preferences");
		String project = String.valueOf(data.get("project_name"));
		String type = String.valueOf(data.get("type")).replace('_', ' ');
		return switch (item.event()) {
			case NotificationEvents.DECISION_REQUIRED -> decisionRequired(item, user, values, project, type, "");
			case NotificationEvents.DECISION_REMINDER -> decisionRequired(item, user, values, project, type, "Reminder: ");
			case NotificationEvents.PROJECT_COMPLETED -> {
				values.put("completed_at", TelegramText.time(values.get("completed_at")));
				yield render("project-completed", project + " is complete", values);
			}
			case NotificationEvents.PROJECT_FAILED -> render("project-failed", project + " failed", values);
			case NotificationEvents.PROJECT_CREATED -> render("project-created", "New project: " + project, values);
			case NotificationEvents.DECISION_MADE -> {
				values.put("headline", capitalise(type) + " for " + project + ": " + values.get("status"));
				values.put("message", capitalise(String.valueOf(values.get("status"))) + " by " + values.get("decided_by")
						+ " via " + values.get("decided_via") + " at " + TelegramText.time(values.get("decided_at"))
						+ (values.getOrDefault("comments", "").isEmpty() ? "." : ": " + values.get("comments")));
				yield render("notification", values.get("headline"), values);
			}
			case NotificationEvents.DECISION_ESCALATED -> {
				values.put("headline", "Escalated: " + type + " for " + project);
				values.put("message", "Nobody answered in time. The decision was escalated (level "
						+ values.get("escalation_level") + ") and is asked again.");
				yield render("notification", values.get("headline"), values);
			}
			case NotificationEvents.STAGE_COMPLETED -> {
				values.put("headline", project + ": stage " + values.get("stage") + " merged");
				values.put("message", "Stage " + values.get("stage") + " (" + values.get("stage_name")
						+ ") passed its tests and is merged.");
				yield render("notification", values.get("headline"), values);
			}
			default -> {
				values.put("headline", project + ": " + item.event());
				values.put("message", item.event() + (data.get("to") != null
						? " (" + values.get("from") + " → " + values.get("to") + ")" : ""));
				yield render("notification", values.get("headline"), values);
			}
		};
	}

	private Mail decisionRequired(OutboxItem item, User user, Map<String, String> values, String project,
			String type, String prefix) {
		Decision decision = decisions.get(UUID.fromString(values.get("decision_id")));
		values.put("type_label", type);
		values.put("escalation", decision.escalationLevel() > 0
				? " It was asked before and not answered in time (escalation level " + decision.escalationLevel() + ")."
				: "");
		values.put("timeout", decision.timeoutAt() != null ? TelegramText.time(decision.timeoutAt()) : "no deadline");
		StringBuilder html = new StringBuilder();
		StringBuilder text = new StringBuilder();
		details(decision, html, text);
		values.put("details", text.toString());
		StringBuilder actionsHtml = new StringBuilder();
		StringBuilder actionsText = new StringBuilder();
		if (decision.status() != DecisionStatus.PENDING) {
			String done = "Already " + decision.status().wireName() + (decision.decidedBy() != null
					? " by " + decision.decidedBy() : "") + ".";
			actionsHtml.append("<p><strong>").append(MailTemplates.escape(done)).append("</strong></p>");
			actionsText.append(done).append('\n');
		}
		else if (address.baseUrl().isEmpty()) {
			// No HTTP server in this process (the run command): links would lead nowhere.
			String note = "Answer it with the command line or the API.";
			actionsHtml.append("<p>").append(note).append("</p>");
			actionsText.append(note).append('\n');
		}
		else if (!user.role().canSteer()) {
			String note = "Your role (" + user.role().wireName() + ") can follow decisions but not answer them.";
			actionsHtml.append("<p>").append(MailTemplates.escape(note)).append("</p>");
			actionsText.append(note).append('\n');
		}
		else {
			Instant expires = Instant.now().plus(settings.email().linkLifetime());
			if (decision.timeoutAt() != null && decision.timeoutAt().isBefore(expires)) {
				expires = decision.timeoutAt();
			}
			actionsHtml.append("<p style=\"margin:16px 0;\">");
			for (String action : List.of("approve", "reject")) {
				if (!decision.options().contains(action)) {
					continue;
				}
				String url = links.create(decision.id(), user.id(), action, item.id() + ":" + action, expires);
				String label = "approve".equals(action) ? "Approve" : "Reject";
				String color = "approve".equals(action) ? "#1a7f37" : "#cf222e";
				actionsHtml.append("<a href=\"").append(MailTemplates.escape(url))
					.append("\" style=\"display:inline-block;padding:10px 18px;margin-right:8px;border-radius:6px;")
					.append("color:#ffffff;text-decoration:none;background:").append(color).append(";\">")
					.append(label).append("</a>");
				actionsText.append(label).append(": ").append(url).append('\n');
			}
			String note = "Each link opens a confirmation page; nothing is decided until you confirm there. "
					+ "The links work once and expire at " + TelegramText.time(expires) + ".";
			actionsHtml.append("</p><p style=\"font-size:13px;color:#59636e;\">").append(MailTemplates.escape(note))
				.append("</p>");
			actionsText.append(note).append('\n');
		}
		values.put("actions", actionsText.toString());
		Map<String, String> htmlValues = new HashMap<>(values);
		htmlValues.put("details", html.toString());
		htmlValues.put("actions", actionsHtml.toString());
		String subject = prefix + "Decision required: " + type + " for " + project;
		String textBody = MailTemplates.render("decision-required.txt", values);
		String htmlContent = MailTemplates.render("decision-required.html", htmlValues);
		return new Mail(subject(subject), textBody, layout(subject, htmlContent, values));
	}

	private static void details(Decision decision, StringBuilder html, StringBuilder text) {
		Map<String, Object> context = decision.context();
		if (decision.type() == DecisionType.PLAN_APPROVAL) {
			Object summary = context.get("plan_summary");
			if (summary != null) {
				html.append("<p style=\"margin:0 0 12px 0;\">").append(MailTemplates.escape(summary.toString()))
					.append("</p>");
				text.append(summary).append("\n\n");
			}
			if (context.get("stages") instanceof List<?> stages && !stages.isEmpty()) {
				html.append("<ol style=\"margin:0 0 12px 0;padding-left:20px;\">");
				text.append("Stages:\n");
				for (Object item : stages) {
					if (item instanceof Map<?, ?> stage) {
						html.append("<li><strong>").append(MailTemplates.escape(String.valueOf(stage.get("name"))))
							.append("</strong> — ").append(MailTemplates.escape(String.valueOf(stage.get("goal"))))
							.append("</li>");
						text.append("  ").append(stage.get("number")).append(". ").append(stage.get("name"))
							.append(" - ").append(stage.get("goal")).append('\n');
					}
				}
				html.append("</ol>");
				text.append('\n');
			}
			String estimate = "Estimate: " + context.get("estimated_tokens") + " tokens, $"
					+ context.get("estimated_cost_usd");
			html.append("<p style=\"margin:0 0 12px 0;\">").append(MailTemplates.escape(estimate)).append("</p>");
			text.append(estimate).append('\n');
		}
		else {
			String line = "Stage " + context.get("stage") + ", after " + context.get("fix_attempts") + " fix attempt(s)";
			if (context.get("last_test_run") instanceof Map<?, ?> run) {
				line += "; last test run: " + run.get("total") + " tests, " + run.get("failed") + " failed, "
						+ run.get("errors") + " errors";
			}
			html.append("<p style=\"margin:0 0 12px 0;\">").append(MailTemplates.escape(line)).append("</p>");
			text.append(line).append('\n');
		}
	}

	private static Mail render(String template, String subject, Map<String, String> values) {
		String html = MailTemplates.render(template + ".html", values);
		return new Mail(subject(subject), MailTemplates.render(template + ".txt", values), layout(subject, html, values));
	}

	private static String layout(String subject, String content, Map<String, String> values) {
		Map<String, String> layout = new HashMap<>(values);
		layout.put("subject", subject);
		layout.put("content", content);
		return MailTemplates.render("layout.html", layout);
	}

	/** The subject line, on one line (names come from READMEs). */
	private static String subject(String text) {
		String line = text.replaceAll("[\\r\\n\\t]+", " ").strip();
		return "[QuantaPilot] " + (line.length() > 180 ? line.substring(0, 179) + "…" : line);
	}

	private static String capitalise(String text) {
		return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

	/**
	 * Whether the server refused the message for good (a 5xx answer to the recipient or the data), where
	 * retrying cannot help; 4xx answers (greylisting, a full mailbox) and unreachable servers are retried.
	 */
	private static boolean rejected(MailException ex) {
		List<Throwable> causes = new ArrayList<>();
		causes.add(ex);
		if (ex instanceof org.springframework.mail.MailSendException send) {
			causes.addAll(send.getFailedMessages().values());
		}
		for (Throwable cause : causes) {
			for (Throwable t = cause; t != null; t = t.getCause()) {
				if (t instanceof SMTPAddressFailedException failed) {
					return failed.getReturnCode() >= 500;
				}
				if (t instanceof SMTPSendFailedException failed) {
					return failed.getReturnCode() >= 500;
				}
				if (t instanceof SendFailedException failed
						&& failed.getNextException() instanceof SMTPAddressFailedException next) {
					return next.getReturnCode() >= 500;
				}
			}
		}
		return false;
	}

	/** A message whose {@code Message-ID} is given rather than generated at sending. */
	private static final class IdentifiedMessage extends MimeMessage {

		private final String id;

		IdentifiedMessage(Session session, String id) {
			super(session);
			this.id = id;
		}

		@Override
		protected void updateMessageID() throws MessagingException {
			setHeader("Message-ID", id);
		}

	}

}
