package io.quantapilot.notifications;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.quantapilot.support.Api;
import io.quantapilot.support.Examples;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Before a decision times out its people are reminded (with the buttons again); when it times out, the
 * escalation list — every admin by default — hears of it whatever their preferences, and the question
 * that went unanswered is edited to say so.
 */
class DecisionReminderIntegrationTests extends NotificationsIntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@Test
	void aRemindersComesBeforeTheTimeoutAndTheEscalationReachesTheEscalationList() {
		long chat = 7801;
		link(chat, "admin", api());
		// The admin wants questions and reminders only — no escalations.
		Api.Response chosen = api().sendJson("PUT", "/api/v1/notifications/preferences", Api.json()
			.writeValueAsString(Map.of("channels",
					Map.of("telegram", List.of("hitl.decision_required", "hitl.decision_reminder")))));
		assertThat(chosen.status()).as(chosen.body()).isEqualTo(200);
		try {
			String project = api().post("/api/v1/projects",
					Map.of("readme", Examples.readme("notes-cli-python"), "configuration",
							Map.of("decision_timeout", "PT8S")))
				.json()
				.path("project_id")
				.asString();
			String decisionId = awaitPendingDecision(project, "plan_approval", WAIT).path("decision_id").asString();
			TelegramStandIn.Call question = TELEGRAM.awaitMessage(chat, decisionId, WAIT);

			TelegramStandIn.Call reminder = TELEGRAM.await("sendMessage",
					c -> c.ok() && c.chatId() == chat && c.text().startsWith("⏳ <b>Reminder</b>")
							&& c.text().contains(decisionId),
					WAIT);
			assertThat(reminder.params().path("reply_markup").path("inline_keyboard").get(0).size()).isEqualTo(3);
			assertThat(Duration.between(question.at(), reminder.at())).isLessThan(Duration.ofSeconds(8));

			TELEGRAM.awaitMessage(chat, "it is escalated (level 1) and asked again", WAIT);
			TELEGRAM.await("editMessageText", c -> c.params().path("message_id").asLong() == question.messageId()
					&& c.text().contains("⏰ <b>Timed out</b>"), WAIT);
			TELEGRAM.awaitMessage(chat, "Escalated (level 1)", WAIT);
			assertThat(TELEGRAM.messagesTo(chat).stream().filter(c -> c.text().startsWith("⏳ <b>Reminder</b>")
					&& c.text().contains(decisionId))).as("one reminder per decision").hasSize(1);
			api().delete("/api/v1/projects/" + project);
		}
		finally {
			api().sendJson("PUT", "/api/v1/notifications/preferences", "{}");
		}
	}

}
