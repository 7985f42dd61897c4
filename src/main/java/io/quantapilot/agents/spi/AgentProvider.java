package io.quantapilot.agents.spi;

/**
 * An agent provider: runs one role's task in a workspace, writing its results as files there and
 * reporting its progress as events.
 */
public interface AgentProvider {

	/** The name used in configuration ({@code offline}, {@code cursor-cli}, …). */
	String name();

	AgentOutcome run(AgentTask task, AgentEvents events) throws Exception;

}
