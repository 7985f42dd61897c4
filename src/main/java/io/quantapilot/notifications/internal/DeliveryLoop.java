package io.quantapilot.notifications.internal;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.quantapilot.common.ComponentHealth;
import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.notifications.NotificationSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The notifications role: fans journalled events out into the outbox and delivers due notifications
 * under a lease, with retries, exponential backoff and jitter. A sender that dies leaves its lease to
 * expire (or, on the same host, to be released at the next start), and the notification is sent again —
 * so nothing is lost. A notification is marked delivered right after the channel confirmed it; only a
 * crash in between those two steps can repeat it, and webhook receivers can recognise that repetition by
 * its {@code X-QuantaPilot-Delivery} id.
 */
@Component
@ConditionalOnRole(Role.NOTIFICATIONS)
class DeliveryLoop implements SmartLifecycle, ComponentHealth {

	private static final Logger log = LoggerFactory.getLogger(DeliveryLoop.class);

	/** Finished notifications, journal entries and webhook delivery logs are kept this long. */
	private static final Duration RETENTION = Duration.ofDays(30);

	private final Dispatcher dispatcher;

	private final Outbox outbox;

	private final Map<String, ChannelDelivery> channels;

	private final NotificationSettings settings;

	private final OutboxSignal signal;

	private final NotificationMetrics metrics;

	private final JdbcClient jdbc;

	private final DecisionReminders reminders;

	private final String owner;

	private final AtomicInteger busy = new AtomicInteger();

	private final AtomicBoolean wakeQueued = new AtomicBoolean();

	private ExecutorService senders;

	private ScheduledExecutorService scheduler;

	private volatile boolean running;

	DeliveryLoop(Dispatcher dispatcher, Outbox outbox, List<ChannelDelivery> channels, NotificationSettings settings,
			OutboxSignal signal, NotificationMetrics metrics, JdbcClient jdbc,
			DecisionReminders reminders) {
		this.dispatcher = dispatcher;
		this.outbox = outbox;
		this.channels = channels.stream().collect(Collectors.toMap(ChannelDelivery::channel, Function.identity()));
		this.settings = settings;
		this.signal = signal;
		this.metrics = metrics;
		this.jdbc = jdbc;
		this.reminders = reminders;
		this.owner = hostName() + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Override
	public void start() {
		releaseLeasesOfDeadLocalSenders();
		senders = Executors.newFixedThreadPool(settings.deliveryThreads(), named("qp-notify"));
		scheduler = Executors.newSingleThreadScheduledExecutor(named("qp-notify-poll"));
		running = true;
		// A wake-up queued on the previous scheduler died with it.
		wakeQueued.set(false);
		signal.onWake(this::wake);
		// One scheduler thread runs every poll, so polls never overlap.
		scheduler.scheduleWithFixedDelay(this::poll, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
		scheduler.scheduleWithFixedDelay(this::remind, 1000, settings.reminderScanInterval().toMillis(),
				TimeUnit.MILLISECONDS);
		scheduler.scheduleWithFixedDelay(this::gauge, 1, 15, TimeUnit.SECONDS);
		scheduler.scheduleWithFixedDelay(this::housekeeping, 10, 3600, TimeUnit.SECONDS);
		log.info("Notification delivery {} started ({} senders; channels available: {})", owner,
				settings.deliveryThreads(), channels.values().stream().filter(ChannelDelivery::available)
					.map(ChannelDelivery::channel).toList());
	}

	@Override
	public void stop() {
		running = false;
		signal.onWake(() -> {
		});
		if (scheduler != null) {
			scheduler.shutdownNow();
		}
		if (senders != null) {
			// Sends in flight finish (each has its own time limit); what is left keeps its lease record.
			senders.shutdown();
			try {
				if (!senders.awaitTermination(15, TimeUnit.SECONDS)) {
					senders.shutdownNow();
				}
			}
			catch (InterruptedException ex) {
				senders.shutdownNow();
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		// Stop before the web server and the engine, start after them (like the worker pool).
		return Integer.MAX_VALUE - 100;
	}

	@Override
	public String component() {
		return "notification_delivery";
	}

	@Override
	public Map<String, Object> health() {
		Map<String, Object> health = new java.util.LinkedHashMap<>();
		health.put("status", running ? "healthy" : "unhealthy");
		health.put("owner", owner);
		health.put("senders", settings.deliveryThreads());
		health.put("busy", busy.get());
		health.put("channels", channels.values().stream().filter(ChannelDelivery::available)
			.map(ChannelDelivery::channel).sorted().toList());
		return health;
	}

	/** Polls now instead of at the next tick (something was queued in this process). */
	void wake() {
		ScheduledExecutorService s = scheduler;
		if (running && s != null && wakeQueued.compareAndSet(false, true)) {
			try {
				s.execute(() -> {
					wakeQueued.set(false);
					poll();
				});
			}
			catch (java.util.concurrent.RejectedExecutionException stopping) {
				wakeQueued.set(false);
			}
		}
	}

	private void poll() {
		if (!running) {
			return;
		}
		try {
			dispatcher.dispatch(100);
			int free = settings.deliveryThreads() - busy.get();
			if (free <= 0) {
				return;
			}
			for (OutboxItem item : outbox.claim(owner, settings.lease(), free)) {
				busy.incrementAndGet();
				senders.execute(() -> {
					try {
						deliver(item);
					}
					finally {
						busy.decrementAndGet();
						// The recipient's next notification may be due now.
						wake();
					}
				});
			}
		}
		catch (RuntimeException ex) {
			if (running) {
				log.warn("Notification poll failed: {}", ex.getMessage());
			}
		}
	}

	private void deliver(OutboxItem item) {
		ChannelDelivery channel = channels.get(item.channel());
		DeliveryOutcome outcome;
		if (channel == null || !channel.available()) {
			outcome = new DeliveryOutcome.Failed("channel " + item.channel() + " is not configured", true);
		}
		else {
			try {
				outcome = channel.deliver(item, parts -> outbox.recordProgress(item.id(), owner, parts));
			}
			catch (RuntimeException ex) {
				log.warn("Delivery of notification {} threw", item.id(), ex);
				outcome = new DeliveryOutcome.Failed(ex.getClass().getSimpleName() + ": " + ex.getMessage(), false);
			}
		}
		apply(item, outcome);
	}

	private void apply(OutboxItem item, DeliveryOutcome outcome) {
		boolean held;
		String result;
		if (outcome instanceof DeliveryOutcome.Delivered) {
			held = outbox.markDelivered(item.id(), owner);
			result = "delivered";
		}
		else if (outcome instanceof DeliveryOutcome.Cancelled cancelled) {
			held = outbox.finish(item.id(), owner, "cancelled", cancelled.reason());
			result = "cancelled";
		}
		else if (outcome instanceof DeliveryOutcome.RetryAt retry && !(retry.countsAsAttempt()
				&& item.attempts() >= item.maxAttempts())) {
			held = outbox.retryAt(item.id(), owner, retry.at(), retry.reason(), !retry.countsAsAttempt());
			result = retry.countsAsAttempt() ? "retried" : "rate_limited";
		}
		else if (outcome instanceof DeliveryOutcome.Failed failed && !failed.permanent()
				&& item.attempts() < item.maxAttempts()) {
			Instant at = Instant.now().plus(backoff(item.attempts()));
			held = outbox.retryAt(item.id(), owner, at, failed.reason(), false);
			result = "retried";
			log.info("Notification {} ({} to {} via {}) failed attempt {} of {}, retrying at {}: {}", item.id(),
					item.event(), redact(item), item.channel(), item.attempts(), item.maxAttempts(), at,
					failed.reason());
		}
		else {
			String reason = outcome instanceof DeliveryOutcome.Failed failed ? failed.reason()
					: ((DeliveryOutcome.RetryAt) outcome).reason();
			held = outbox.finish(item.id(), owner, "failed", reason);
			result = "failed";
			log.warn("Notification {} ({} via {}) failed for good after {} attempt(s): {}", item.id(), item.event(),
					item.channel(), item.attempts(), reason);
		}
		if (!held) {
			log.warn("Notification {} lost its lease while being sent; its new sender decides", item.id());
		}
		metrics.count(item.channel(), result);
	}

	/** Exponential backoff with up to a quarter of jitter, so retries of many senders spread out. */
	Duration backoff(int attempts) {
		long base = settings.initialBackoff().toMillis();
		long wait = Math.min(settings.maxBackoff().toMillis(), base << Math.min(Math.max(attempts - 1, 0), 20));
		return Duration.ofMillis(wait + ThreadLocalRandom.current().nextLong(wait / 4 + 1));
	}

	private void remind() {
		try {
			reminders.scan();
		}
		catch (RuntimeException ex) {
			if (running) {
				log.warn("Decision reminder scan failed: {}", ex.getMessage());
			}
		}
	}

	private void gauge() {
		try {
			metrics.queued(outbox.countUnfinishedByChannel());
		}
		catch (RuntimeException ex) {
			log.debug("Counting queued notifications failed", ex);
		}
	}

	private void housekeeping() {
		try {
			jdbc.sql("""
					DELETE FROM notification_outbox WHERE status IN ('delivered', 'failed', 'cancelled')
					  AND updated_at < now() - make_interval(secs => :secs)""")
				.param("secs", (double) RETENTION.toSeconds())
				.update();
			jdbc.sql("""
					DELETE FROM notification_events e WHERE e.dispatched_at < now() - make_interval(secs => :secs)
					  AND NOT EXISTS (SELECT 1 FROM notification_outbox o WHERE o.event_id = e.id)""")
				.param("secs", (double) RETENTION.toSeconds())
				.update();
			jdbc.sql("DELETE FROM webhook_deliveries WHERE at < now() - make_interval(secs => :secs)")
				.param("secs", (double) RETENTION.toSeconds())
				.update();
		}
		catch (RuntimeException ex) {
			log.debug("Notification housekeeping failed", ex);
		}
	}

	/**
	 * Leases of senders that ran on this host and whose process is gone are released at once instead of
	 * waiting for them to expire, so a restarted standalone server sends what was in flight immediately.
	 */
	private void releaseLeasesOfDeadLocalSenders() {
		String host = hostName();
		long self = ProcessHandle.current().pid();
		List<String> dead = outbox.leaseOwners().stream().filter(o -> {
			String[] parts = o.split(":");
			if (parts.length != 3 || !parts[0].equals(host)) {
				return false;
			}
			try {
				long pid = Long.parseLong(parts[1]);
				return pid == self ? !o.equals(owner) : ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
			}
			catch (NumberFormatException ex) {
				return false;
			}
		}).toList();
		int released = outbox.releaseLeasesOf(dead);
		if (released > 0) {
			log.info("Resending {} notification(s) left in flight by stopped senders on this host", released);
		}
	}

	private static String redact(OutboxItem item) {
		return "webhook".equals(item.channel()) ? "subscription " + item.recipient() : item.channel() + " recipient";
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName().replace(':', '_');
		}
		catch (java.io.IOException ex) {
			return ManagementFactory.getRuntimeMXBean().getName().replace(':', '_');
		}
	}

	private static java.util.concurrent.ThreadFactory named(String prefix) {
		AtomicInteger n = new AtomicInteger();
		return r -> {
			Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
			t.setDaemon(true);
			return t;
		};
	}

}
