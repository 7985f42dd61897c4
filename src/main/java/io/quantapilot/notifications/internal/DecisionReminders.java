package io.quantapilot.notifications.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.quantapilot.decisions.Decision;
import io.quantapilot.decisions.DecisionService;
import io.quantapilot.decisions.DecisionStatus;
import io.quantapilot.notifications.NotificationSettings;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reminds people of a pending decision before it times out: once per decision, when less than
 * {@code reminder-before} (at most half of the decision's whole time) is left. The reminder is journalled
 * like any event, in the transaction that records it as sent, so it goes out once even when several
 * processes scan.
 */
@Component
class DecisionReminders {

	private final DecisionService decisions;

	private final NotificationJournal journal;

	private final JdbcClient jdbc;

	private final TransactionTemplate tx;

	private final NotificationSettings settings;

	DecisionReminders(DecisionService decisions, NotificationJournal journal, JdbcClient jdbc, TransactionTemplate tx,
			NotificationSettings settings) {
		this.decisions = decisions;
		this.journal = journal;
		this.jdbc = jdbc;
		this.tx = tx;
		this.settings = settings;
	}

	/** Journals the reminders that are due; returns how many. */
	int scan() {
		Instant now = Instant.now();
		int sent = 0;
		for (Decision decision : decisions.list(DecisionStatus.PENDING, null, 500)) {
			if (decision.timeoutAt() == null || !now.isBefore(decision.timeoutAt())) {
				continue;
			}
			Duration whole = Duration.between(decision.createdAt(), decision.timeoutAt());
			Duration lead = whole.dividedBy(2).compareTo(settings.reminderBefore()) < 0 ? whole.dividedBy(2)
					: settings.reminderBefore();
			if (now.isBefore(decision.timeoutAt().minus(lead))) {
				continue;
			}
			Boolean remembered = tx.execute(status -> {
				boolean first = jdbc.sql("""
						INSERT INTO decision_reminders (decision_id) VALUES (:id) ON CONFLICT DO NOTHING""")
					.param("id", decision.id())
					.update() == 1;
				if (first) {
					journal.record("DecisionReminder", decision.projectId(), decision.id(),
							Map.of("type", decision.type().wireName(), "timeout_at", decision.timeoutAt().toString()));
				}
				return first;
			});
			sent += Boolean.TRUE.equals(remembered) ? 1 : 0;
		}
		return sent;
	}

}
