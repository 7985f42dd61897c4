package io.quantapilot.common;

import java.util.List;

/**
 * The roles a process can run (DESIGN §1): the services of the runbook. A standalone server runs them all;
 * a split deployment starts the same jar once per role (or group of roles) on one external PostgreSQL.
 */
public enum Role {

	/** REST API v1 and the local forge's read-only smart HTTP at {@code /git}. */
	API("api", 3000, List.of("rest_api", "git_http")),

	/** The worker pool that runs agent, test and git work items. */
	AGENTS("agents", 3001, List.of("worker_pool")),

	/** Inbound forge webhooks ({@code /webhooks/github}, {@code /webhooks/cursor}) and checks polling. */
	FORGE("forge", 3002, List.of("forge_webhooks", "checks_watcher")),

	/** Outbox delivery, Telegram polling or webhook, e-mail decision pages. */
	NOTIFICATIONS("notifications", 3003, List.of("notification_delivery", "telegram", "email_links")),

	/** The web UI. */
	DASHBOARD("dashboard", 3004, List.of("web_ui")),

	/** The workflow engine's async executor and timers (the n8n of the runbook, which had port 5678). */
	ENGINE("engine", 3005, List.of("async_executor", "decision_reconciliation"));

	private final String wireName;

	private final int defaultPort;

	private final List<String> services;

	Role(String wireName, int defaultPort, List<String> services) {
		this.wireName = wireName;
		this.defaultPort = defaultPort;
		this.services = services;
	}

	/** The name used in {@code --roles} and {@code quantapilot.roles}. */
	public String wireName() {
		return wireName;
	}

	/** The runbook's port of the service, used when a process runs this role alone. */
	public int defaultPort() {
		return defaultPort;
	}

	/** What a process running this role serves or runs, as {@code /health} lists it. */
	public List<String> services() {
		return services;
	}

}
