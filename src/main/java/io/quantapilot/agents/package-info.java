/**
 * Agents: the provider SPI and its providers (the {@code offline} template provider by default), agent
 * runs with their event logs, and the token ledger. Providers hand results back as files in the
 * workspace; nothing provider-specific leaks out of this module.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "common" })
package io.quantapilot.agents;
