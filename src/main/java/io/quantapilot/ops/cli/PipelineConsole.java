package io.quantapilot.ops.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.quantapilot.agents.AgentRun;
import io.quantapilot.agents.AgentService;
import io.quantapilot.decisions.Decision;
import io.quantapilot.decisions.DecisionService;
import io.quantapilot.decisions.DecisionStatus;
import io.quantapilot.decisions.DecisionType;
import io.quantapilot.projects.NewProject;
import io.quantapilot.projects.Project;
import io.quantapilot.projects.ProjectService;
import io.quantapilot.projects.ProjectStatus;
import io.quantapilot.projects.Stage;
import io.quantapilot.quality.QualityService;
import io.quantapilot.quality.TestExecution;

import org.springframework.context.ApplicationContext;

/** Follows one project through the pipeline on the terminal: progress lines, decision prompts, summary. */
final class PipelineConsole {

	private static final String ACTOR = "cli";

	private final ProjectService projects;

	private final DecisionService decisions;

	private final AgentService agents;

	private final QualityService quality;

	private final PrintWriter out;

	private final BufferedReader in;

	private final boolean autoApprove;

	private final Duration timeout;

	PipelineConsole(ApplicationContext context, PrintWriter out, BufferedReader in, boolean autoApprove,
			Duration timeout) {
		this.projects = context.getBean(ProjectService.class);
		this.decisions = context.getBean(DecisionService.class);
		this.agents = context.getBean(AgentService.class);
		this.quality = context.getBean(QualityService.class);
		this.out = out;
		this.in = in;
		this.autoApprove = autoApprove;
		this.timeout = timeout;
	}

	int run(String name, String readme, Map<String, Object> configuration) {
		String provider = (String) configuration.get("agent_provider");
		agents.requireUsable(provider);
		Project project = projects.create(new NewProject(name, readme, null, configuration, null,
				tokens -> agents.estimateCost(tokens, provider)), ACTOR);
		Instant start = Instant.now();
		out.printf("Project %s (%s) created; estimated %d tokens%n", project.name(), project.id(),
				project.estimatedTokens());
		out.flush();
		String lastLine = "";
		while (true) {
			project = projects.get(project.id());
			String line = progressLine(project, start);
			if (!line.equals(lastLine)) {
				out.println(line);
				out.flush();
				lastLine = line;
			}
			if (project.status().isTerminal() || project.status() == ProjectStatus.FAILED) {
				break;
			}
			for (Decision decision : decisions.list(DecisionStatus.PENDING, project.id(), 10)) {
				answer(decision);
			}
			if (Duration.between(start, Instant.now()).compareTo(timeout) > 0) {
				out.println("Timed out after " + timeout + "; the project continues on the next server start.");
				return 2;
			}
			sleep(300);
		}
		summary(project, start);
		return project.status() == ProjectStatus.COMPLETED ? 0 : 1;
	}

	private String progressLine(Project project, Instant start) {
		String elapsed = elapsed(start);
		List<Stage> stages = projects.stages(project.id());
		Stage current = stages.stream().filter(s -> s.currentStep() != null).findFirst().orElse(null);
		if (project.status() == ProjectStatus.IN_PROGRESS && current != null) {
			return String.format("[%s] stage %d of %d: %s — %s", elapsed, current.number(), stages.size(),
					current.name(), current.currentStep());
		}
		return String.format("[%s] %s", elapsed, project.status().wireName().replace('_', ' '));
	}

	private void answer(Decision decision) {
		if (decision.type() == DecisionType.PLAN_APPROVAL) {
			printPlan(decision);
			if (autoApprove) {
				out.println("Plan approved (--auto-approve).");
				decide(decision, "approve", "auto-approved from the command line");
				return;
			}
			String choice = ask("Approve this plan? [a]pprove / [r]eject / [m]odify: ", List.of("a", "r", "m"));
			switch (choice) {
				case "a" -> decide(decision, "approve", null);
				case "r" -> decide(decision, "reject", ask("Why? ", null));
				default -> decide(decision, "modify", ask("What should change? ", null));
			}
			return;
		}
		out.printf("Decision needed: %s — %s%n", decision.type().wireName(), decision.context());
		if (autoApprove) {
			out.println("Refused (--auto-approve never overrides failing quality gates).");
			decide(decision, "reject", "refused automatically: tests must pass");
			return;
		}
		String choice = ask("[a]pprove / [r]eject: ", List.of("a", "r"));
		decide(decision, "a".equals(choice) ? "approve" : "reject", null);
	}

	private void printPlan(Decision decision) {
		Map<String, Object> context = decision.context();
		out.println();
		out.println("Plan: " + Objects.toString(context.get("plan_summary"), ""));
		if (context.get("stages") instanceof List<?> stages) {
			for (Object stage : stages) {
				if (stage instanceof Map<?, ?> s) {
					out.printf("  %s. %s — %s%n", s.get("number"), s.get("name"), s.get("goal"));
				}
			}
		}
		out.printf("Estimated cost: $%s (%s tokens)%n", context.get("estimated_cost_usd"), context.get("estimated_tokens"));
		out.flush();
	}

	private void decide(Decision decision, String outcome, String comments) {
		decisions.decide(decision.id(), outcome, comments, null, ACTOR);
	}

	private String ask(String prompt, List<String> allowed) {
		while (true) {
			out.print(prompt);
			out.flush();
			String line;
			try {
				line = in.readLine();
			}
			catch (IOException ex) {
				line = null;
			}
			if (line == null) {
				throw new CliException("no answer on standard input; use --auto-approve to run unattended");
			}
			line = line.strip().toLowerCase(java.util.Locale.ROOT);
			if (allowed == null) {
				return line;
			}
			if (!line.isEmpty() && allowed.contains(line.substring(0, 1))) {
				return line.substring(0, 1);
			}
		}
	}

	private void summary(Project project, Instant start) {
		out.println();
		out.printf("Project %s: %s after %s%n", project.name(), project.status().wireName(), elapsed(start));
		if (project.failureReason() != null) {
			out.println("Reason: " + project.failureReason());
		}
		out.println("Repository: " + project.repositoryUrl() + "   (git clone it)");
		for (Stage stage : projects.stages(project.id())) {
			String tests = quality.latest(project.id(), stage.number()).map(PipelineConsole::tests).orElse("no test run");
			out.printf("  %d. %-24s %-10s %s%n", stage.number(), stage.name(), stage.status().wireName(), tests);
		}
		List<AgentRun> runs = agents.runs(project.id());
		long tokens = runs.stream().mapToLong(AgentRun::totalTokens).sum();
		String providers = String.join(", ", runs.stream().map(AgentRun::provider).distinct().toList());
		out.printf("Usage: %d agent runs (%s), %d tokens, $%s%n", runs.size(), providers, tokens, project.costUsd());
		out.flush();
	}

	private static String tests(TestExecution execution) {
		if (execution.total() >= 0) {
			return String.format("tests %s: %d run, %d failed (%s)", execution.passed() ? "passed" : "FAILED",
					execution.total(), execution.failed() + execution.errors(), execution.command());
		}
		return "tests " + (execution.passed() ? "passed" : "FAILED") + " (" + execution.command() + ")";
	}

	private static String elapsed(Instant start) {
		long s = Duration.between(start, Instant.now()).getSeconds();
		return String.format("%02d:%02d", s / 60, s % 60);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CliException("interrupted");
		}
	}


}
