/**
 * Agents: the provider SPI and its providers (the {@code offline} template provider by default), agent
 * runs with their event logs, and the token ledger. Providers hand results back as files in the
 * workspace; nothing provider-specific leaks out of this module. Besides the shared kernel it uses the
 * quality module's sandbox, in which model-driven providers run the commands an agent asks for.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "common", "quality" })
package io.quantapilot.agents;
