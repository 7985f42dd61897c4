package io.quantapilot.forge.webhooks;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import io.quantapilot.common.Housekeeping;
import io.quantapilot.common.RetentionSettings;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deletes the ids of GitHub webhook deliveries older than the retention: they only serve to recognise a
 * redelivery, and GitHub redelivers within days, not months.
 */
@Component
class ForgeHousekeeping implements Housekeeping {

	private final JdbcClient jdbc;

	ForgeHousekeeping(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	@Transactional
	public List<Purged> purge(Instant now, RetentionSettings retention) {
		long deleted = jdbc.sql("DELETE FROM github_webhook_deliveries WHERE received_at < :cutoff")
			.param("cutoff", Timestamp.from(now.minus(retention.webhookDeliveries())))
			.update();
		return List.of(new Purged("forge.github_webhook_deliveries", deleted,
				"received more than " + RetentionSettings.words(retention.webhookDeliveries()) + " ago"));
	}

}
