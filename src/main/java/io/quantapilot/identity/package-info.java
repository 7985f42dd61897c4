/**
 * Identity: users and roles, API keys (shown once, stored as hashes), authentication of API requests,
 * rate limits and the audit log. Knows nothing about projects.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "common" })
package io.quantapilot.identity;
