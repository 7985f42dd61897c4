package io.quantapilot.notifications.internal;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Wakes this process's delivery loop when something was queued, so a reply goes out in milliseconds
 * rather than at the next poll. Other processes find the work at their next poll.
 */
@Component
public class OutboxSignal {

	private volatile Runnable listener = () -> {
	};

	void onWake(Runnable listener) {
		this.listener = listener;
	}

	/** Wakes the loop once the current transaction commits (at once when there is none). */
	public void wakeAfterCommit() {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					listener.run();
				}
			});
		}
		else {
			listener.run();
		}
	}

}
