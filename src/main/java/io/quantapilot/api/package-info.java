/**
 * The REST API v1 (the runbook's API Gateway): thin controllers that validate input, call the modules'
 * APIs and shape responses as in API.md. Holds no business rules of its own.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "common", "identity", "projects", "decisions",
		"workflow", "agents", "forge", "quality", "notifications" })
package io.quantapilot.api;
