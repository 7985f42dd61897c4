/**
 * Dashboard: the server-rendered web UI at {@code /} (the {@code dashboard} role). People sign in with
 * their user (a server-side session from {@code identity}), follow every project live (agent logs and state
 * changes over server-sent events), answer decisions, steer projects, and look at costs, system health and
 * API keys. It only calls the other modules' APIs and owns no tables; its pages never change state on GET,
 * and every state-changing request carries the session's CSRF token.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "common", "identity", "projects", "decisions",
		"workflow", "agents", "agents :: spi", "forge", "quality", "ops" })
package io.quantapilot.dashboard;
