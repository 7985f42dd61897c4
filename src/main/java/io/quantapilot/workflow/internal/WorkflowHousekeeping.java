package io.quantapilot.workflow.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import io.quantapilot.common.Housekeeping;
import io.quantapilot.common.RetentionSettings;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deletes old work items of processes that have ended. A work item of a running process is kept whatever
 * its age, since its step key is what makes a retried step find its earlier effect (and a failed one is what
 * {@code retry_stage} queues again).
 */
@Component
class WorkflowHousekeeping implements Housekeeping {

	private final JdbcClient jdbc;

	WorkflowHousekeeping(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	@Transactional
	public List<Purged> purge(Instant now, RetentionSettings retention) {
		long deleted = jdbc.sql("""
				DELETE FROM work_items w
				WHERE w.status IN ('completed', 'delivered', 'failed', 'cancelled') AND w.updated_at < :cutoff
				  AND NOT EXISTS (SELECT 1 FROM act_ru_execution x WHERE x.proc_inst_id_ = w.process_instance_id)""")
			.param("cutoff", Timestamp.from(now.minus(retention.workItems())))
			.update();
		return List.of(new Purged("workflow.work_items", deleted,
				"of ended processes, finished more than " + RetentionSettings.words(retention.workItems()) + " ago"));
	}

}
