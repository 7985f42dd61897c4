package io.quantapilot.notifications.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One channel (Telegram, e-mail, webhooks): who gets an event, and how one notification is sent.
 * Implementations never throw from {@link #deliver}; they return a {@link DeliveryOutcome}.
 */
public interface ChannelDelivery {

	/** The channel's name in the outbox: {@code telegram}, {@code email} or {@code webhook}. */
	String channel();

	/** Whether the channel is configured in this installation; without it nothing is queued for it. */
	boolean available();

	/**
	 * The notifications an event gives rise to on this channel: one per recipient, with what the sender
	 * needs later. Runs inside the fan-out transaction.
	 *
	 * @param event the event name
	 * @param data the event data (as in the webhook payload)
	 * @param occurredAt when the event happened
	 */
	List<Target> route(String event, Map<String, Object> data, Instant occurredAt);

	/** Sends one notification; {@code progress} records parts already sent of a message in several parts. */
	DeliveryOutcome deliver(OutboxItem item, Progress progress);

	/** One recipient of an event and the payload stored for its delivery. */
	record Target(String recipient, Map<String, Object> payload) {
	}

	/** Durable progress of a notification sent in several parts. */
	interface Progress {

		/** Records that {@code parts} parts are sent; false when the lease was lost (stop sending). */
		boolean record(int parts);

	}

}
