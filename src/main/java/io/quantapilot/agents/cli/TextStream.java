package io.quantapilot.agents.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tool that prints plain text (Aider, or a custom command): every line goes to the event log, the process's exit
 * code decides, and the run's summary is the end of what it said. Aider's usage lines
 * ({@code Tokens: 2.3k sent, 1.1k cache write, 5k cache hit, 150 received.}) are added up; they count per message
 * and round to thousands above 999, so such figures stay marked as estimated.
 */
final class TextStream extends AgentStream {

	private static final Pattern TOKENS = Pattern.compile("^Tokens:\\s+(.*)$");

	private static final Pattern COUNT = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(k?)\\s+(sent|received|cache write|cache hit|cache read)");

	private static final Pattern MODEL = Pattern.compile("^(?:Main )?[Mm]odel:\\s+(\\S+)");

	private static final Pattern COST = Pattern.compile("^Cost:\\s+.*\\$([0-9.]+)\\s+session");

	private static final int SUMMARY_LINES = 8;

	private final Deque<String> lastLines = new ArrayDeque<>();

	private boolean rounded;

	private Usage counted = Usage.NONE;

	private boolean anyCounts;

	TextStream(String provider, EventLog log, StuckDetector stuck, UsageMeter meter) {
		super(provider, log, stuck, meter);
	}

	@Override
	public void stdout(String line) {
		String text = Text.stripAnsi(line).strip();
		if (text.isEmpty()) {
			return;
		}
		Matcher tokens = TOKENS.matcher(text);
		Matcher model = MODEL.matcher(text);
		if (tokens.matches()) {
			tokens(tokens.group(1));
			log.emit("usage", text);
			return;
		}
		if (COST.matcher(text).find()) {
			log.emit("usage", text);
			return;
		}
		if (model.find() && reportedModel == null) {
			reportedModel = model.group(1);
		}
		outputChars += text.length();
		log.emit("output", text);
		lastLines.addLast(text);
		if (lastLines.size() > SUMMARY_LINES) {
			lastLines.removeFirst();
		}
	}

	private void tokens(String report) {
		long sent = 0;
		long received = 0;
		long cacheHit = 0;
		boolean thisRounded = false;
		Matcher count = COUNT.matcher(report);
		while (count.find()) {
			double value = Double.parseDouble(count.group(1));
			boolean thousands = !count.group(2).isEmpty();
			thisRounded |= thousands;
			long tokens = Math.round(thousands ? value * 1000 : value);
			switch (count.group(3).toLowerCase(Locale.ROOT)) {
				case "sent" -> sent = tokens;
				case "received" -> received = tokens;
				case "cache hit", "cache read" -> cacheHit = tokens;
				default -> {
					// Cache writes are already part of what was sent.
				}
			}
		}
		anyCounts = true;
		rounded |= thisRounded;
		// "sent" leaves out cache hits; the ledger's input includes them.
		Usage message = new Usage(sent + cacheHit, received, cacheHit);
		counted = counted.plus(message);
		reportedUsage = counted;
		meter.add(message, thisRounded);
	}

	/** Whether the counts are rounded (Aider prints thousands as "2.3k"). */
	boolean rounded() {
		return rounded || !anyCounts;
	}

	@Override
	String finalText() {
		return lastLines.isEmpty() ? null : String.join("\n", lastLines);
	}

	@Override
	Verdict verdict(CliProcess.Exit exit, int filesWritten) {
		if (exit.succeeded()) {
			return Verdict.ok();
		}
		String said = lastLines.isEmpty() ? "" : "; output: " + Text.oneLine(String.join(" | ", lastLines), 800);
		return Verdict.failed(log.redact(provider + " failed (" + exit.describe() + ")"
				+ (exit.stderrTail().isBlank() ? "" : "; stderr: " + Text.oneLine(Text.tail(exit.stderrTail(), 1500), 1600))
				+ said));
	}

}
