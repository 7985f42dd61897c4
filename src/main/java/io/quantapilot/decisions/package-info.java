/**
 * Human-in-the-loop decisions: opening them for the workflow, deciding them (once), timeouts and
 * escalation, with who decided and when. Publishes {@link io.quantapilot.decisions.DecisionMade}; never
 * touches the workflow engine itself.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "common", "identity" })
package io.quantapilot.decisions;
