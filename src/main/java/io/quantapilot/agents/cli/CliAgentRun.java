package io.quantapilot.agents.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.quantapilot.agents.spi.AgentEvents;
import io.quantapilot.agents.spi.AgentOutcome;
import io.quantapilot.agents.spi.AgentTask;
import io.quantapilot.common.QuantaPilotException;

/**
 * One run of an agent CLI in a workspace, shared by the CLI providers: logs how it is started (without the
 * prompt's text or any secret), runs it, parses its output, compares the workspace before and after, reports usage
 * (estimated from the text when the tool reports none, also for runs that fail or are stopped, because their tokens
 * were spent all the same) and turns the verdict into an outcome or the right exception.
 */
final class CliAgentRun {

	private static final Pattern SECRET_OPTION = Pattern.compile("(?i)^-{1,2}[a-z0-9-]*(key|token|secret|password)[a-z0-9-]*$");

	private static final int MAX_SUMMARY = 2000;

	private static final int MAX_LISTED_FILES = 50;

	/**
	 * What to run.
	 *
	 * @param provider the provider name
	 * @param argv the command line, first the binary's absolute path
	 * @param promptIndex where in {@code argv} the prompt is (-1 for nowhere), kept out of the log
	 * @param environment the child's environment
	 * @param format how the tool reports
	 * @param settingsTimeout the provider's configured timeout
	 * @param resultGrace how long the tool may linger after its final event
	 * @param killGrace the time between polite and forced kill
	 * @param stuck the stuck thresholds
	 * @param requestedModel the model asked for, or null
	 */
	record Launch(String provider, List<String> argv, int promptIndex, ChildEnvironment environment,
			OutputFormat format, Duration settingsTimeout, Duration resultGrace, Duration killGrace,
			StuckThresholds stuck, String requestedModel) {
	}

	private CliAgentRun() {
	}

	static AgentOutcome run(Launch launch, AgentTask task, TaskPrompt.Built prompt, AgentEvents events)
			throws InterruptedException {
		EventLog log = new EventLog(events, launch.environment().redactor(secretArguments(launch.argv())));
		Path workspace = task.workspace();
		if (!Files.isDirectory(workspace)) {
			throw new QuantaPilotException.InvalidRequest("workspace", "the workspace " + workspace + " does not exist");
		}
		prompt.notes().forEach(note -> log.emit("log", note));
		log.emit("log", "running " + describe(launch) + " in the workspace (prompt of " + prompt.text().length()
				+ " characters)");
		WorkspaceSnapshot before = WorkspaceSnapshot.of(workspace);
		UsageMeter meter = new UsageMeter(log);
		AgentStream stream = launch.format()
			.parser(launch.provider(), log, new StuckDetector(launch.stuck(), workspace, before), meter);
		Duration timeout = task.timeout() != null && task.timeout().compareTo(launch.settingsTimeout()) < 0
				? task.timeout() : launch.settingsTimeout();
		CliProcess.Spec spec = new CliProcess.Spec(launch.provider(), launch.argv(), workspace,
				launch.environment().variables(), timeout, launch.resultGrace(), launch.killGrace());
		CliProcess.Exit exit;
		boolean settled = false;
		try {
			exit = CliProcess.run(spec, stream);
			settled = true;
		}
		catch (IOException ex) {
			throw new QuantaPilotException.InvalidRequest("command", launch.provider() + " could not start "
					+ Path.of(launch.argv().get(0)).getFileName() + ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			log.always("log", "cancelled: the " + launch.provider() + " process tree was stopped");
			throw ex;
		}
		catch (AgentStuckException | CliProcess.TimedOut ex) {
			log.always("log", ex.getMessage() + "; the process tree was stopped");
			throw ex;
		}
		finally {
			if (!settled && meter.reported().isZero()) {
				// Tokens were spent even though the run did not finish; the ledger and budget must see them.
				meter.estimate(stream.estimate(prompt.text().length()));
			}
		}
		WorkspaceSnapshot after = WorkspaceSnapshot.of(workspace);
		List<String> written = after.writtenSince(before);
		List<String> deleted = after.deletedSince(before);
		AgentStream.Verdict verdict = stream.verdict(exit, written.size());
		if (exit.stoppedAfterResult()) {
			log.emit("log", launch.provider() + " kept running " + Text.duration(launch.resultGrace())
					+ " after its final event; its process tree was stopped and the result kept");
		}
		log.always("files", describeFiles(written, deleted));
		Usage usage = stream.reportedUsage();
		boolean estimated = usage == null || (stream instanceof TextStream text && text.rounded());
		if (usage == null) {
			usage = stream.estimate(prompt.text().length());
			meter.estimate(usage);
			log.always("usage", launch.provider() + " reported no token counts; estimated from the text: " + usage);
		}
		if (!verdict.success()) {
			String message = log.redact(verdict.failure());
			if (verdict.configurationError()) {
				throw new QuantaPilotException.InvalidRequest("agent_provider", message);
			}
			throw new QuantaPilotException.TransientFailure(message, null);
		}
		String text = stream.finalText();
		String summary = text != null && !text.isBlank() ? Text.abbreviate(log.redact(text.strip()), MAX_SUMMARY)
				: launch.provider() + " finished without a final message; " + written.size() + " files written";
		Double cost = stream.reportedCostUsd();
		return new AgentOutcome(summary, stream.model(launch.requestedModel()), usage.input(), usage.output(),
				usage.cached(), estimated, written, stream.sessionId(),
				cost != null && Double.isFinite(cost) && cost >= 0 ? java.math.BigDecimal.valueOf(cost) : null);
	}

	/** Values of options named like secrets ({@code --api-key k}, {@code --token=t}): masked wherever they show up. */
	static List<String> secretArguments(List<String> argv) {
		List<String> secrets = new ArrayList<>();
		for (int i = 1; i < argv.size(); i++) {
			String arg = argv.get(i);
			if (SECRET_OPTION.matcher(argv.get(i - 1)).matches()) {
				secrets.add(arg);
			}
			else if (arg.contains("=") && SECRET_OPTION.matcher(arg.substring(0, arg.indexOf('='))).matches()) {
				secrets.add(arg.substring(arg.indexOf('=') + 1));
			}
		}
		return secrets;
	}

	/** The command line for the log: the binary's name, the options, no prompt, no secret values. */
	static String describe(Launch launch) {
		List<String> shown = new ArrayList<>();
		List<String> argv = launch.argv();
		for (int i = 0; i < argv.size(); i++) {
			String arg = argv.get(i);
			if (i == 0) {
				shown.add(Path.of(arg).getFileName().toString());
			}
			else if (i == launch.promptIndex()) {
				shown.add("<prompt>");
			}
			else if (SECRET_OPTION.matcher(argv.get(i - 1)).matches()) {
				shown.add("***");
			}
			else if (arg.contains("=") && SECRET_OPTION.matcher(arg.substring(0, arg.indexOf('='))).matches()) {
				shown.add(arg.substring(0, arg.indexOf('=') + 1) + "***");
			}
			else {
				shown.add(arg.contains(" ") ? "'" + arg + "'" : arg);
			}
		}
		return launch.environment().redactor(secretArguments(argv)).apply(String.join(" ", shown));
	}

	private static String describeFiles(List<String> written, List<String> deleted) {
		StringBuilder text = new StringBuilder();
		text.append(written.size()).append(written.size() == 1 ? " file" : " files").append(" written");
		if (!written.isEmpty()) {
			text.append(": ").append(String.join(", ", written.subList(0, Math.min(written.size(), MAX_LISTED_FILES))));
			if (written.size() > MAX_LISTED_FILES) {
				text.append(" and ").append(written.size() - MAX_LISTED_FILES).append(" more");
			}
		}
		if (!deleted.isEmpty()) {
			text.append("; ").append(deleted.size()).append(" deleted: ")
				.append(String.join(", ", deleted.subList(0, Math.min(deleted.size(), MAX_LISTED_FILES))));
		}
		return text.toString();
	}

}
