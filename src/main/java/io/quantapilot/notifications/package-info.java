/**
 * Notifications: tells people what happened and lets them answer from where they are — a Telegram bot,
 * e-mail with one-click decision links, and signed outbound webhooks. Domain events are journalled in
 * the transaction of the change that caused them, fanned out to recipients by their preferences, and
 * delivered from a durable outbox under a lease, with retries and backoff (the {@code notifications}
 * role). The root package is the API ({@link io.quantapilot.notifications.WebhookSubscriptions},
 * {@link io.quantapilot.notifications.TelegramLinking},
 * {@link io.quantapilot.notifications.NotificationPreferences}); channels live in {@code telegram},
 * {@code email} and {@code webhooks}, the outbox in {@code internal}, inbound HTTP in {@code web}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "common", "identity", "projects",
		"decisions", "agents" })
package io.quantapilot.notifications;
