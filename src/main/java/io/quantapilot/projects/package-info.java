/**
 * Projects: the Project and Stage aggregates, their lifecycle status, README intake and the cost
 * estimate. Does not drive the workflow; it publishes {@link io.quantapilot.projects.ProjectCreated} and
 * {@link io.quantapilot.projects.ProjectCancelled} for the workflow module to act on.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "common", "identity", "quality" })
package io.quantapilot.projects;
