package io.quantapilot.dashboard.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.agents.AgentRun;
import io.quantapilot.agents.AgentService;

import org.springframework.stereotype.Component;

/** Reads a project's agent log: the latest lines for a page, and what came after a cursor for the stream. */
@Component
@ConditionalOnRole(Role.DASHBOARD)
public class ProjectLog {

	private final AgentService agents;

	ProjectLog(AgentService agents) {
		this.agents = agents;
	}

	/**
	 * The last lines of the log and the cursor after them.
	 *
	 * @param truncated whether earlier lines were left out
	 */
	public record Tail(List<LogLine> lines, LogCursor cursor, boolean truncated) {
	}

	public Tail tail(UUID projectId, int max) {
		List<AgentRun> runs = agents.runs(projectId);
		if (runs.isEmpty()) {
			return new Tail(List.of(), LogCursor.START, false);
		}
		Deque<LogLine> lines = new ArrayDeque<>();
		int lastSeq = 0;
		boolean truncated = false;
		for (int i = runs.size() - 1; i >= 0; i--) {
			AgentRun run = runs.get(i);
			List<AgentRun.Event> events = agents.events(run.id());
			if (i == runs.size() - 1 && !events.isEmpty()) {
				lastSeq = events.get(events.size() - 1).seq();
			}
			for (int e = events.size() - 1; e >= 0; e--) {
				if (lines.size() == max) {
					truncated = true;
					break;
				}
				lines.addFirst(line(run, i, events.get(e)));
			}
			if (truncated) {
				break;
			}
		}
		return new Tail(List.copyOf(lines), new LogCursor(runs.size() - 1, lastSeq), truncated);
	}

	/** What follows a cursor, and the cursor after it. */
	public record Update(List<LogLine> lines, LogCursor cursor) {
	}

	/**
	 * The lines after the cursor. A run is left behind only once a later one exists: the pipeline runs one
	 * agent at a time, so by then the earlier run has written its last line.
	 */
	public Update after(List<AgentRun> runs, LogCursor cursor) {
		List<LogLine> lines = new ArrayList<>();
		int run = cursor.run();
		int seq = cursor.seq();
		while (run < runs.size()) {
			AgentRun current = runs.get(run);
			for (AgentRun.Event event : agents.events(current.id(), seq)) {
				lines.add(line(current, run, event));
				seq = event.seq();
			}
			if (run == runs.size() - 1) {
				break;
			}
			run++;
			seq = 0;
		}
		return new Update(lines, new LogCursor(Math.min(run, Math.max(0, runs.size() - 1)), seq));
	}

	private static LogLine line(AgentRun run, int index, AgentRun.Event event) {
		return new LogLine(new LogCursor(index, event.seq()).toString(), event.at(), run.role().wireName(),
				run.stageNumber(), event.type(), event.message());
	}

}
