package io.quantapilot.agents.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import io.quantapilot.common.Housekeeping;
import io.quantapilot.common.RetentionSettings;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deletes the event logs of agent runs that finished long ago. The runs themselves stay: they are the token
 * ledger behind usage reports and budgets.
 */
@Component
class AgentsHousekeeping implements Housekeeping {

	private final JdbcClient jdbc;

	AgentsHousekeeping(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	@Transactional
	public List<Purged> purge(Instant now, RetentionSettings retention) {
		long events = jdbc.sql("""
				DELETE FROM agent_run_events e USING agent_runs r
				WHERE e.run_id = r.id AND r.finished_at IS NOT NULL AND r.finished_at < :cutoff""")
			.param("cutoff", Timestamp.from(now.minus(retention.eventLogs())))
			.update();
		return List.of(new Purged("agents.run_events", events,
				"of runs finished more than " + RetentionSettings.words(retention.eventLogs()) + " ago"));
	}

}
