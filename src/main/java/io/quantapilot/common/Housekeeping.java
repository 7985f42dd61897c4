package io.quantapilot.common;

import java.time.Instant;
import java.util.List;

/**
 * Deletes what a module keeps only for a while (ended sessions, delivered notifications, old event logs).
 * Each module implements it for its own tables, so the maintenance commands of {@code ops} never read
 * another module's tables; every implementation is idempotent (a second run deletes nothing more).
 */
public interface Housekeeping {

	/**
	 * Deletes rows older than their retention, measured back from {@code now}.
	 *
	 * @return one entry per kind of row, also when nothing was deleted, so reports show what was checked
	 */
	List<Purged> purge(Instant now, RetentionSettings retention);

	/**
	 * How many rows of one kind were deleted.
	 *
	 * @param what the kind, e.g. {@code identity.user_sessions}
	 * @param deleted rows deleted
	 * @param retention what was kept, in words ({@code ended more than 30d ago})
	 */
	record Purged(String what, long deleted, String retention) {
	}

}
