/**
 * Operations: the command line, health, metrics, the database bootstrap (embedded or external
 * PostgreSQL) and maintenance. Depends on the other modules' APIs, never on their internals.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "common", "identity", "projects", "decisions",
		"workflow", "agents", "forge", "quality" })
package io.quantapilot.ops;
