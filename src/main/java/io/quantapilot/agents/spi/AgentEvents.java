package io.quantapilot.agents.spi;

/** Where a provider reports what happens during a run (the run's event log). */
@FunctionalInterface
public interface AgentEvents {

	void emit(String type, String message);

}
