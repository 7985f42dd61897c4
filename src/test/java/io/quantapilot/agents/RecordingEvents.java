package io.quantapilot.agents;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.quantapilot.agents.spi.AgentEvents;

/** Collects what a provider reports, as the ledger would receive it. */
public final class RecordingEvents implements AgentEvents {

	/** One emitted event. */
	public record Event(String type, String message) {
	}

	/** One usage report. */
	public record Usage(long input, long output, long cached, boolean estimated) {
	}

	private final List<Event> events = new CopyOnWriteArrayList<>();

	private final List<Usage> usages = new CopyOnWriteArrayList<>();

	@Override
	public void emit(String type, String message) {
		events.add(new Event(type, message));
	}

	@Override
	public void usage(long inputTokens, long outputTokens, long cachedTokens, boolean estimated) {
		usages.add(new Usage(inputTokens, outputTokens, cachedTokens, estimated));
	}

	public List<Event> events() {
		return List.copyOf(events);
	}

	public List<String> messages(String type) {
		return events.stream().filter(e -> e.type().equals(type)).map(Event::message).toList();
	}

	public List<Usage> usages() {
		return List.copyOf(usages);
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder();
		events.forEach(e -> text.append(e.type()).append(": ").append(e.message()).append('\n'));
		return text.toString();
	}

}
