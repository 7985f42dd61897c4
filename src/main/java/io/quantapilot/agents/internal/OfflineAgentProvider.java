package io.quantapilot.agents.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.quantapilot.agents.AgentRole;
import io.quantapilot.agents.AgentService;
import io.quantapilot.agents.Plan;
import io.quantapilot.agents.offline.Blueprint;
import io.quantapilot.agents.offline.TemplateScaffolder;
import io.quantapilot.agents.spi.AgentEvents;
import io.quantapilot.agents.spi.AgentOutcome;
import io.quantapilot.agents.spi.AgentProvider;
import io.quantapilot.agents.spi.AgentTask;
import io.quantapilot.common.QuantaPilotException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The embedded default provider: the {@link TemplateScaffolder} writes the plan and each stage from
 * templates. It needs no key or network, uses no model and so no tokens, and says so in its run log.
 */
@Component
class OfflineAgentProvider implements AgentProvider {

	static final String NAME = "offline";

	private final TemplateScaffolder scaffolder = new TemplateScaffolder();

	private final JsonMapper json;

	OfflineAgentProvider(JsonMapper json) {
		this.json = json;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public boolean usesModel() {
		return false;
	}

	@Override
	public io.quantapilot.agents.spi.ProviderCheck check() {
		return io.quantapilot.agents.spi.ProviderCheck.ok(NAME, "template provider: no key or network needed");
	}

	@Override
	public AgentOutcome run(AgentTask task, AgentEvents events) throws Exception {
		Blueprint blueprint = scaffolder.analyze(task.readme());
		List<String> written = new ArrayList<>();
		if (task.role() == AgentRole.ARCHITECT) {
			Plan plan = scaffolder.plan(blueprint);
			for (Path path : scaffolder.writeArchitecture(task.workspace(), blueprint, plan,
					line -> events.emit("log", line))) {
				written.add(path.toString());
			}
			if (task.comments() != null && !task.comments().isBlank()) {
				events.emit("log", "offline provider: the templates cannot act on review comments; "
						+ "the plan is unchanged (comments: " + abbreviate(task.comments()) + ")");
			}
			return outcome("Planned " + plan.stages().size() + " stages for a " + plan.techStack().language()
					+ " project from templates", written);
		}
		if (task.stageNumber() == null) {
			throw new QuantaPilotException.InvalidRequest("stage", "the " + task.role().wireName() + " needs a stage");
		}
		Plan plan = readPlan(task.workspace());
		if (task.role() == AgentRole.QA) {
			// The templates ship each stage's tests with its code; the QA guards that suite before the platform
			// runs it (a test file gone missing is written again, one without tests is reported).
			events.emit("log", "offline provider: stage tests are written together with the stage's code; "
					+ "checking that the test files of this and the earlier stages are all there");
			TemplateScaffolder.QaReview review = scaffolder.reviewTests(task.workspace(), blueprint, plan,
					task.stageNumber(), line -> events.emit("log", line));
			review.restored().forEach(path -> written.add(path.toString()));
			return outcome("QA of stage " + task.stageNumber() + ": " + review.testFiles() + " test files with "
					+ review.tests() + " tests checked, " + review.restored().size() + " restored"
					+ (review.findings().isEmpty() ? "" : "; " + String.join("; ", review.findings())), written);
		}
		for (Path path : scaffolder.writeStage(task.workspace(), blueprint, plan, task.stageNumber(),
				line -> events.emit("log", line))) {
			written.add(path.toString());
		}
		return outcome("Wrote stage " + task.stageNumber() + " (" + plan.stages().get(task.stageNumber() - 1).name()
				+ ") from templates: " + written.size() + " files", written);
	}

	private Plan readPlan(Path workspace) {
		try {
			return json.readValue(workspace.resolve(Plan.FILE).toFile(), Plan.class);
		}
		catch (RuntimeException ex) {
			throw new AgentService.InvalidPlanException(List.of("cannot read " + Plan.FILE + ": " + ex.getMessage()));
		}
	}

	private static AgentOutcome outcome(String summary, List<String> written) {
		// Templates use no model: zero tokens, reported (not estimated).
		return new AgentOutcome(summary, "templates", 0, 0, 0, false, written);
	}

	private static String abbreviate(String text) {
		String oneLine = text.replaceAll("\\s+", " ").strip();
		return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
	}

}
