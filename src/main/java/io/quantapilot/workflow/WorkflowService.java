package io.quantapilot.workflow;

import java.util.UUID;

/**
 * The workflow module's API: start a project's lifecycle and steer it (pause, resume, retry, cancel).
 */
public interface WorkflowService {

	/** Starts the project's process once; a second call finds the running instance. */
	void start(UUID projectId);

	void pause(UUID projectId, String actor);

	void resume(UUID projectId, String actor);

	/** Runs the failed step of the stage again (a failed project only). */
	void retryStage(UUID projectId, Integer stage, String actor);

	void cancel(UUID projectId, String actor);

	WorkflowView view(UUID projectId);

	/** Engine figures for health and metrics: deployed definitions, jobs, work items by status. */
	EngineStatus engineStatus();

	/**
	 * @param processDeployed whether project-lifecycle is deployed
	 * @param asyncExecutorActive whether this process runs engine jobs
	 * @param runningInstances process instances not ended
	 * @param failedJobs jobs that exhausted their retries (dead letters)
	 * @param workItems work items by status
	 */
	record EngineStatus(boolean processDeployed, boolean asyncExecutorActive, long runningInstances, long failedJobs,
			java.util.Map<String, Long> workItems) {
	}

}
