package io.quantapilot.notifications.telegram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quantapilot.decisions.Decision;
import io.quantapilot.decisions.DecisionStatus;
import io.quantapilot.decisions.DecisionType;
import io.quantapilot.notifications.NotificationEvents;

import static io.quantapilot.notifications.telegram.TelegramText.escape;
import static io.quantapilot.notifications.telegram.TelegramText.shorten;

/**
 * What the bot says: event messages, decision questions with their buttons, and the outcome a decision
 * message is edited to show. Everything not our own markup is escaped.
 */
public final class TelegramMessages {

	/** Prefix of a decision button's callback data: {@code d:<decision id>:<a|r|m>}. */
	static final String DECISION_CALLBACK = "d:";

	private TelegramMessages() {
	}

	/** A message: HTML text and, when it has buttons, its inline keyboard. */
	public record Message(String html, Map<String, Object> keyboard) {
	}

	/** The message of an event (the decision question comes from {@link #question}). */
	static String event(String event, Map<String, Object> data) {
		String project = "<b>" + escape(data.get("project_name")) + "</b>";
		return switch (event) {
			case NotificationEvents.PROJECT_CREATED -> "🆕 New project " + project + " by "
					+ escape(data.get("created_by")) + "\n<code>" + escape(data.get("project_id")) + "</code>";
			case NotificationEvents.PROJECT_STATUS_CHANGED -> "🔄 " + project + ": " + escape(data.get("from")) + " → "
					+ escape(data.get("to"))
					+ (data.get("reason") != null ? "\n" + escape(shorten(data.get("reason"), 500)) : "");
			case NotificationEvents.PROJECT_COMPLETED -> "🎉 " + project + " is complete: " + escape(data.get("stages"))
					+ " stage(s) built and merged.\nRepository: " + escape(data.get("repository_url")) + "\nTokens: "
					+ escape(data.get("tokens_used")) + ", cost $" + escape(data.get("cost_usd"));
			case NotificationEvents.PROJECT_FAILED -> "❌ " + project + " failed: "
					+ escape(shorten(data.get("reason"), 1500)) + "\n<code>" + escape(data.get("project_id"))
					+ "</code>\nRetry it with the API action <code>retry_stage</code>.";
			case NotificationEvents.STAGE_COMPLETED -> "✅ " + project + ": stage " + escape(data.get("stage")) + " ("
					+ escape(data.get("stage_name")) + ") is merged.";
			case NotificationEvents.DECISION_MADE -> "☑️ " + label(data.get("type")) + " for " + project + ": "
					+ escape(data.get("status")) + " by " + escape(data.get("decided_by")) + " via "
					+ escape(data.get("decided_via")) + (data.get("comments") != null
							? "\n💬 " + escape(shorten(data.get("comments"), 500)) : "");
			case NotificationEvents.DECISION_ESCALATED -> "⏰ Nobody answered the " + label(data.get("type"))
					+ " for " + project + " in time; it is escalated (level " + escape(data.get("escalation_level"))
					+ ") and asked again.";
			case NotificationEvents.BUDGET_THRESHOLD_REACHED -> "💰 " + project + " has used " + escape(data.get("percent"))
					+ " % of its budget (" + escape(data.get("tokens_used")) + " tokens, $" + escape(data.get("cost_usd"))
					+ ").";
			default -> "ℹ️ " + escape(event) + ": " + project;
		};
	}

	/** The question of a pending decision, with buttons for those who may answer it. */
	static Message question(Decision decision, String projectName, boolean canDecide) {
		String html = questionText(decision, projectName) + "\n\n" + (canDecide
				? "Answer with the buttons, or /approve " + decision.id() + " · /reject " + decision.id() + " <i>reason</i>"
				: "<i>Your role can follow decisions but not answer them.</i>");
		return new Message(html, canDecide && decision.status() == DecisionStatus.PENDING ? keyboard(decision) : null);
	}

	/** The question and how it was answered (what a decision message is edited to). */
	static String answered(Decision decision, String projectName) {
		String full = questionText(decision, projectName) + "\n\n" + outcome(decision);
		if (full.length() <= TelegramText.LIMIT) {
			return full;
		}
		return "<b>" + label(decision.type().wireName()) + "</b> for <b>" + escape(projectName) + "</b>\nDecision <code>"
				+ decision.id() + "</code>\n\n" + outcome(decision);
	}

	/** One line (two with comments) saying how a decision ended. */
	static String outcome(Decision decision) {
		String who = decision.decidedBy() != null ? " by " + escape(decision.decidedBy()) : "";
		String via = decision.decidedVia() != null ? " via " + escape(decision.decidedVia()) : "";
		String at = decision.decidedAt() != null ? " at " + TelegramText.time(decision.decidedAt()) : "";
		String line = switch (decision.status()) {
			case APPROVED -> "✅ <b>Approved</b>" + who + via + at;
			case REJECTED -> "❌ <b>Rejected</b>" + who + via + at;
			case MODIFIED -> "✏️ <b>Changes requested</b>" + who + via + at;
			case TIMED_OUT -> "⏰ <b>Timed out</b>" + at + " — escalated and asked again";
			case CANCELLED -> "🚫 <b>Cancelled</b>" + at;
			case PENDING -> "⏳ Waiting for an answer";
		};
		if (decision.comments() != null && !decision.comments().isBlank()) {
			line += "\n💬 " + escape(shorten(decision.comments(), 500));
		}
		return line;
	}

	static Map<String, Object> keyboard(Decision decision) {
		List<Map<String, Object>> row = new ArrayList<>();
		if (decision.options().contains("approve")) {
			row.add(button("✅ Approve", decision.id(), "a"));
		}
		if (decision.options().contains("reject")) {
			row.add(button("❌ Reject", decision.id(), "r"));
		}
		if (decision.options().contains("modify")) {
			row.add(button("✏️ Modify", decision.id(), "m"));
		}
		return Map.of("inline_keyboard", List.of(row));
	}

	private static Map<String, Object> button(String text, UUID decisionId, String action) {
		return Map.of("text", text, "callback_data", DECISION_CALLBACK + decisionId + ":" + action);
	}

	private static String questionText(Decision decision, String projectName) {
		StringBuilder html = new StringBuilder();
		html.append("🔔 <b>Decision required: ").append(label(decision.type().wireName())).append("</b>\n");
		html.append("Project <b>").append(escape(projectName)).append("</b> <code>").append(decision.projectId())
			.append("</code>\n");
		if (decision.escalationLevel() > 0) {
			html.append("⏰ Escalated (level ").append(decision.escalationLevel()).append("): asked before, unanswered\n");
		}
		Map<String, Object> context = decision.context();
		if (decision.type() == DecisionType.PLAN_APPROVAL) {
			if (context.get("plan_summary") != null) {
				html.append('\n').append(escape(shorten(context.get("plan_summary"), 700))).append('\n');
			}
			if (context.get("stages") instanceof List<?> stages && !stages.isEmpty()) {
				html.append("\n<b>Stages</b>\n");
				for (Object item : stages) {
					if (item instanceof Map<?, ?> stage) {
						html.append(escape(stage.get("number"))).append(". <b>").append(escape(stage.get("name")))
							.append("</b> — ").append(escape(shorten(stage.get("goal"), 200))).append('\n');
					}
				}
			}
			html.append("\nEstimate: ").append(escape(context.get("estimated_tokens"))).append(" tokens, $")
				.append(escape(context.get("estimated_cost_usd"))).append('\n');
		}
		else {
			if (context.get("stage") != null) {
				html.append("Stage ").append(escape(context.get("stage"))).append(", after ")
					.append(escape(context.get("fix_attempts"))).append(" fix attempt(s)\n");
			}
			if (context.get("last_test_run") instanceof Map<?, ?> run) {
				html.append("Last test run: ").append(escape(run.get("total"))).append(" tests, ")
					.append(escape(run.get("failed"))).append(" failed, ").append(escape(run.get("errors")))
					.append(" errors\n");
			}
		}
		if (decision.timeoutAt() != null) {
			html.append("Answer by ").append(TelegramText.time(decision.timeoutAt())).append('\n');
		}
		html.append("Decision <code>").append(decision.id()).append("</code>");
		return html.toString();
	}

	/** {@code plan_approval} → {@code plan approval}. */
	static String label(Object type) {
		return escape(type != null ? type.toString().replace('_', ' ') : "decision");
	}

}
