package io.quantapilot.notifications.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * {@code qp_notifications_total{channel,result}} — every delivery attempt's result ({@code delivered},
 * {@code retried}, {@code rate_limited}, {@code failed}, {@code cancelled}) — and
 * {@code qp_notifications_queued{channel}}, what waits to be sent.
 */
@Component
class NotificationMetrics {

	private final MeterRegistry registry;

	private final Map<String, AtomicLong> queued = new ConcurrentHashMap<>();

	NotificationMetrics(MeterRegistry registry) {
		this.registry = registry;
		for (String channel : List.of("telegram", "email", "webhook")) {
			AtomicLong value = new AtomicLong();
			queued.put(channel, value);
			Gauge.builder("qp_notifications_queued", value, AtomicLong::get)
				.description("Notifications waiting to be delivered")
				.tag("channel", channel)
				.register(registry);
		}
	}

	void count(String channel, String result) {
		Counter.builder("qp_notifications_total")
			.description("Notification delivery attempts by result")
			.tag("channel", channel)
			.tag("result", result)
			.register(registry)
			.increment();
	}

	void queued(Map<String, Long> counts) {
		queued.forEach((channel, value) -> value.set(counts.getOrDefault(channel, 0L)));
	}

}
