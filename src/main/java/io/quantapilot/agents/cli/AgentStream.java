package io.quantapilot.agents.cli;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one agent CLI's output: turns its events into the run's event log, feeds its tool calls to the stuck
 * detector and its usage to the meter, and keeps what the run's outcome needs (final text, session, model,
 * duration, usage, errors). Parsers ignore fields and event types they do not know (the CLIs add some every few
 * weeks); an unknown event is logged in short, never an error.
 */
abstract class AgentStream implements CliProcess.Sink {

	/** How the run went, as far as the CLI's output tells. */
	record Verdict(boolean success, String failure, boolean configurationError) {

		static Verdict ok() {
			return new Verdict(true, null, false);
		}

		static Verdict failed(String failure) {
			return new Verdict(false, failure, false);
		}

		static Verdict misconfigured(String failure) {
			return new Verdict(false, failure, true);
		}

	}

	static final int MAX_STDERR_EVENTS = 200;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	protected final String provider;

	protected final EventLog log;

	private final StuckDetector stuck;

	protected final UsageMeter meter;

	/** Characters the model read besides the prompt (tool results), for an estimate. */
	protected long inputChars;

	/** Characters the model wrote (text, tool arguments), for an estimate. */
	protected long outputChars;

	protected boolean terminal;

	protected String sessionId;

	protected String reportedModel;

	protected String finalText;

	/** Usage as the CLI reported it in total, or null when it reported none. */
	protected Usage reportedUsage;

	protected String lastError;

	/** The cost in USD the CLI itself reported, or null (only Claude Code reports one). */
	protected Double reportedCostUsd;

	private int stderrEvents;

	AgentStream(String provider, EventLog log, StuckDetector stuck, UsageMeter meter) {
		this.provider = provider;
		this.log = log;
		this.stuck = stuck;
		this.meter = meter;
	}

	@Override
	public boolean finished() {
		return terminal;
	}

	@Override
	public void stderr(String line) {
		String text = Text.stripAnsi(line).strip();
		if (text.isEmpty()) {
			return;
		}
		stderrEvents++;
		if (stderrEvents <= MAX_STDERR_EVENTS) {
			log.emit("stderr", text);
		}
		else if (stderrEvents == MAX_STDERR_EVENTS + 1) {
			log.emit("stderr", "… further standard error output is not logged (its end is kept for errors)");
		}
	}

	/**
	 * Parses a line of JSON, or returns null for anything else. Some builds prefix lines with the stream's
	 * name, which is stripped first.
	 */
	protected static JsonNode json(String line) {
		String text = line.strip();
		if (text.startsWith("stdout:")) {
			text = text.substring("stdout:".length()).strip();
		}
		if (!text.startsWith("{")) {
			return null;
		}
		try {
			JsonNode node = JSON.readTree(text);
			return node != null && node.isObject() ? node : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/** Writes compact JSON of a node (for stuck detection keys and short log lines). */
	protected static String compact(JsonNode node) {
		return node == null || node.isMissingNode() ? "" : JSON.writeValueAsString(node);
	}

	/** Logs a line that is not one of the CLI's events (a warning printed to stdout, a banner). */
	protected void plainLine(String line) {
		String text = Text.stripAnsi(line).strip();
		if (!text.isEmpty()) {
			log.emit("output", text);
		}
	}

	/** Logs an event type this parser does not know, shortened. */
	protected void unknown(String type, JsonNode event) {
		log.emit(type == null || type.isBlank() ? "event" : type, Text.abbreviate(compact(event), 500));
	}

	protected void assistantText(String text) {
		if (text == null || text.isBlank()) {
			return;
		}
		outputChars += text.length();
		log.emit("assistant", text.strip());
	}

	/**
	 * Records a completed tool call.
	 *
	 * @param action the tool and its arguments, as a stable key
	 * @param result what it returned, as a stable key
	 * @param failed whether it failed
	 * @param wroteFiles whether the tool is one that writes files
	 */
	protected void toolCompleted(String action, String result, boolean failed, boolean wroteFiles) {
		inputChars += result.length();
		stuck.completed(action, result, failed, wroteFiles);
	}

	protected void toolStarted(String arguments) {
		outputChars += arguments.length();
	}

	/** How the run went, given how the process ended and how many files it wrote. */
	abstract Verdict verdict(CliProcess.Exit exit, int filesWritten);

	/** The model that ran: what the CLI reported, or what was asked for. */
	String model(String requested) {
		if (reportedModel != null && !reportedModel.isBlank()) {
			return reportedModel;
		}
		return requested != null && !requested.isBlank() ? requested : "default";
	}

	String sessionId() {
		return sessionId;
	}

	Double reportedCostUsd() {
		return reportedCostUsd;
	}

	String finalText() {
		return finalText;
	}

	Usage reportedUsage() {
		return reportedUsage;
	}

	/** A rough usage estimate from the characters seen (about four per token). */
	Usage estimate(int promptChars) {
		return new Usage((promptChars + inputChars + 3) / 4, (outputChars + 3) / 4, 0);
	}

	/** The failure text for a process that ended without the final event. */
	protected String noResult(CliProcess.Exit exit) {
		StringBuilder message = new StringBuilder(provider);
		if (exit.exitCode() != null && exit.exitCode() != 0) {
			message.append(" failed (").append(exit.describe()).append(") without a result");
		}
		else {
			message.append(" ended (").append(exit.describe()).append(") without a result event");
		}
		if (lastError != null) {
			message.append("; last error: ").append(Text.oneLine(lastError, 500));
		}
		if (!exit.stderrTail().isBlank()) {
			message.append("; stderr: ").append(Text.oneLine(Text.tail(exit.stderrTail(), 1500), 1600));
		}
		return log.redact(message.toString());
	}

}
