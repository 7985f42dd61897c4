/**
 * Workflow: the BPMN {@code project-lifecycle} on the embedded Flowable engine, the steps it runs, leased
 * execution of long steps by the worker pool, and pause, resume, retry and cancel. The only module that
 * talks to Flowable's API.
 */
@org.springframework.modulith.ApplicationModule(
		allowedDependencies = { "common", "identity", "projects", "decisions", "agents", "agents :: spi", "forge",
			"quality" })
package io.quantapilot.workflow;
