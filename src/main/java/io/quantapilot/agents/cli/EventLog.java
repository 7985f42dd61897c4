package io.quantapilot.agents.cli;

import io.quantapilot.agents.spi.AgentEvents;

/**
 * The run's event log as the CLI providers write it: secrets masked, each message bounded, and the number of
 * lines bounded (a chatty tool must not flood the ledger). Only the thread that runs the provider writes here:
 * the log's sequence numbers are assigned one append at a time.
 */
final class EventLog {

	static final int MAX_MESSAGE = 4000;

	static final int MAX_EVENTS = 5000;

	private final AgentEvents events;

	private final ChildEnvironment.Redactor redactor;

	private int count;

	EventLog(AgentEvents events, ChildEnvironment.Redactor redactor) {
		this.events = events;
		this.redactor = redactor;
	}

	void emit(String type, String message) {
		if (count > MAX_EVENTS) {
			return;
		}
		count++;
		if (count > MAX_EVENTS) {
			events.emit("log", "event log limit of " + MAX_EVENTS + " lines reached; further events are not logged");
			return;
		}
		events.emit(type, Text.abbreviate(redactor.apply(message), MAX_MESSAGE));
	}

	/** A line that must get through even past the limit (the end of the run). */
	void always(String type, String message) {
		events.emit(type, Text.abbreviate(redactor.apply(message), MAX_MESSAGE));
	}

	void usage(long input, long output, long cached, boolean estimated) {
		events.usage(input, output, cached, estimated);
	}

	String redact(String text) {
		return redactor.apply(text);
	}

}
