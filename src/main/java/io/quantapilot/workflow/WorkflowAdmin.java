package io.quantapilot.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Administration of the engine for operators: compare the deployed process definitions with the ones this
 * build ships, export and import definitions, and find and retry executions that are stuck (engine jobs
 * that exhausted their retries, work items whose lease expired long ago).
 */
public interface WorkflowAdmin {

	/** Deployed definitions against the build's, and the dead-letter jobs; {@code ok} when both are clean. */
	Verification verify();

	/** The latest deployed version of every process definition. */
	List<Definition> definitions();

	/**
	 * Deploys a definition after validating it (the engine parses it); only the processes this build runs
	 * are accepted. Fails with an invalid-request error for malformed or unknown definitions.
	 */
	Definition importDefinition(String resourceName, String xml, String actor);

	/**
	 * What is stuck now: dead-letter jobs, and running work items claimed more than {@code olderThan} ago (a
	 * hung step whose worker still renews the lease) or whose lease expired that long ago (no worker left).
	 */
	Stuck stuck(Duration olderThan);

	/**
	 * Moves dead-letter jobs back to executable jobs (with fresh retries) and re-queues the stuck work items,
	 * so the engine and the worker pool try them again; returns what was moved.
	 */
	Stuck retryStuck(Duration olderThan, String actor);

	/**
	 * @param resourceName file name of the definition
	 * @param key process key
	 * @param version deployed version (0 when not deployed)
	 * @param xml the definition
	 */
	record Definition(String resourceName, String key, int version, String xml) {
	}

	/**
	 * @param resourceName the build's definition file
	 * @param key process key
	 * @param deployedVersion latest deployed version, 0 when missing
	 * @param status {@code match}, {@code differs} or {@code missing}
	 */
	record DefinitionCheck(String resourceName, String key, int deployedVersion, String status) {
	}

	/**
	 * @param jobId the engine's job id
	 * @param projectId the project (business key) the job belongs to, if known
	 * @param processInstanceId the process instance
	 * @param activityId where the process stands
	 * @param error the last exception message
	 * @param createdAt when the job was created
	 */
	record FailedJob(String jobId, String projectId, String processInstanceId, String activityId, String error,
			Instant createdAt) {
	}

	/**
	 * @param id work item id
	 * @param projectId its project
	 * @param stepKey its step key
	 * @param leaseOwner the worker that holds it
	 * @param claimedAt when that worker claimed it
	 * @param leaseExpiresAt when its lease runs or ran out
	 */
	record StuckWorkItem(UUID id, UUID projectId, String stepKey, String leaseOwner, Instant claimedAt,
			Instant leaseExpiresAt) {
	}

	record Verification(boolean ok, List<DefinitionCheck> definitions, List<FailedJob> deadLetterJobs) {
	}

	record Stuck(List<FailedJob> deadLetterJobs, List<StuckWorkItem> expiredWorkItems) {
	}

}
