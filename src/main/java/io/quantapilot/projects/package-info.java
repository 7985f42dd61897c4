/**
 * Projects: the Project and Stage aggregates, their lifecycle status, README intake and the cost
 * estimate. Repository URLs and forge choices are checked against the forge's rules. Does not drive the
 * workflow; it publishes {@link io.quantapilot.projects.ProjectCreated} and
 * {@link io.quantapilot.projects.ProjectCancelled} for the workflow module to act on.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "common", "identity", "quality", "forge" })
package io.quantapilot.projects;
