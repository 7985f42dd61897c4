package io.quantapilot.agents.spi;

/**
 * An agent provider: runs one role's task in a workspace, writing its results as files there and
 * reporting its progress as events.
 */
public interface AgentProvider {

	/** The name used in configuration ({@code offline}, {@code cursor-cli}, …). */
	String name();

	AgentOutcome run(AgentTask task, AgentEvents events) throws Exception;

	/** Whether runs use a model (and so tokens and money); the budget pre-check skips those that do not. */
	default boolean usesModel() {
		return true;
	}

	/**
	 * Whether runs work on the project's repository on the forge ({@link AgentTask#repositoryUrl()}, starting
	 * from {@link AgentTask#baseRef()} and pushing to {@link AgentTask#branch()}) instead of writing into the
	 * workspace; the pipeline then brings that branch into the workspace after the run. Such a provider needs a
	 * project on a forge it can reach (GitHub).
	 */
	default boolean worksOnRepository() {
		return false;
	}

	/**
	 * Checks configuration, credentials and reachability without running an agent (the runbook's
	 * {@code verify-api-keys}); also called before a project that uses the provider starts.
	 */
	default ProviderCheck check() {
		return ProviderCheck.ok(name(), "needs no configuration");
	}

}
