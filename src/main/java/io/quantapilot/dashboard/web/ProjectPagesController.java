package io.quantapilot.dashboard.web;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.agents.AgentService;
import io.quantapilot.agents.spi.ProviderCheck;
import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.dashboard.DashboardSettings;
import io.quantapilot.dashboard.internal.ProjectDetails;
import io.quantapilot.dashboard.internal.ProjectLog;
import io.quantapilot.identity.CurrentPrincipal;
import io.quantapilot.identity.Principal;
import io.quantapilot.projects.NewProject;
import io.quantapilot.projects.Project;
import io.quantapilot.projects.ProjectPage;
import io.quantapilot.projects.ProjectRating;
import io.quantapilot.projects.ProjectRatings;
import io.quantapilot.projects.ProjectService;
import io.quantapilot.projects.ProjectStatus;
import io.quantapilot.workflow.WorkflowService;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.ModelAndView;

/**
 * The projects list (status filter, search, pages), the new-project form, and the project page with its
 * live parts and the steering actions (pause, resume, retry the failed stage, cancel).
 */
@Controller
@ConditionalOnRole(Role.DASHBOARD)
class ProjectPagesController {

	static final String LIST_VIEW = "dashboard/projects";

	static final String NEW_VIEW = "dashboard/project-new";

	static final String PROJECT_VIEW = "dashboard/project";

	static final String STATE_FRAGMENT = "dashboard/project :: state";

	/** Log lines shown when the page opens; later ones stream in. */
	private static final int LOG_LINES = 300;

	private final ProjectService projects;

	private final AgentService agents;

	private final WorkflowService workflow;

	private final ProjectDetails details;

	private final ProjectLog projectLog;

	private final DashboardSettings settings;

	private final ProjectRatings ratings;

	ProjectPagesController(ProjectService projects, AgentService agents, WorkflowService workflow,
			ProjectDetails details, ProjectLog projectLog, DashboardSettings settings, ProjectRatings ratings) {
		this.projects = projects;
		this.agents = agents;
		this.workflow = workflow;
		this.details = details;
		this.projectLog = projectLog;
		this.settings = settings;
		this.ratings = ratings;
	}

	/** The new-project form as posted (numbers as typed, so a wrong one can be shown back). */
	record NewProjectForm(String name, String readme, String repositoryUrl, String provider, String stageReview,
			String minCoverage, String maxTokens, String maxCostUsd) {

		static NewProjectForm empty() {
			return new NewProjectForm("", "", "", "", "never", "", "", "");
		}

	}

	/** The rating part of the project page: whether it can be rated, the summary, the viewer's own rating. */
	record RatingPanel(boolean rateable, ProjectRatings.Summary summary, ProjectRating mine) {
	}

	/** One page of the list, with what is needed to link to the neighbouring pages. */
	record ListPage(List<Project> projects, long total, int page, int pages, String status, String query) {
	}

	@GetMapping("/projects")
	String list(@RequestParam(required = false) String status, @RequestParam(required = false) String q,
			@RequestParam(defaultValue = "1") int page, Model model) {
		ProjectStatus filter = status != null && !status.isBlank() ? ProjectStatus.fromWireName(status) : null;
		int size = settings.pageSize();
		int number = Math.max(1, page);
		ProjectPage found = projects.search(filter, q, size, (number - 1) * size);
		int pages = (int) Math.max(1, (found.total() + size - 1) / size);
		model.addAttribute("list", new ListPage(found.projects(), found.total(), number, pages,
				filter != null ? filter.wireName() : "", q != null ? q.strip() : ""));
		model.addAttribute("statuses", ProjectStatus.values());
		return LIST_VIEW;
	}

	@GetMapping("/projects/new")
	String newProject(Model model) {
		CurrentPrincipal.steering();
		return newForm(model, NewProjectForm.empty(), null);
	}

	@PostMapping("/projects")
	ModelAndView create(@ModelAttribute NewProjectForm form,
			@RequestParam(name = "readmeFile", required = false) MultipartFile file, Model model) {
		Principal principal = CurrentPrincipal.steering();
		try {
			String readme = readme(form, file);
			String provider = blankToNull(form.provider());
			Map<String, Object> configuration = new LinkedHashMap<>();
			if (provider != null) {
				configuration.put("agent_provider", provider);
			}
			if (blankToNull(form.stageReview()) != null) {
				configuration.put("stage_review", form.stageReview());
			}
			BigDecimal coverage = number(form.minCoverage(), "minimum coverage");
			if (coverage != null) {
				configuration.put("min_coverage", coverage);
			}
			Map<String, Object> budget = new LinkedHashMap<>();
			BigDecimal maxTokens = number(form.maxTokens(), "token budget");
			if (maxTokens != null) {
				budget.put("max_tokens", maxTokens.longValue());
			}
			BigDecimal maxCost = number(form.maxCostUsd(), "cost budget");
			if (maxCost != null) {
				budget.put("max_cost_usd", maxCost);
			}
			projects.validateSettings(configuration, budget);
			// A missing binary or key is a configuration error reported before the project starts.
			agents.requireUsable(provider);
			Project project = projects.create(new NewProject(blankToNull(form.name()), readme,
					blankToNull(form.repositoryUrl()), configuration, budget,
					tokens -> agents.estimateCost(tokens, provider)), principal.actor());
			return Redirects.to("/projects/" + project.id());
		}
		catch (QuantaPilotException.InvalidRequest ex) {
			ModelAndView view = new ModelAndView(newForm(model, form, ex.getMessage()), model.asMap());
			view.setStatus(HttpStatus.BAD_REQUEST);
			return view;
		}
	}

	@GetMapping("/projects/{id}")
	String project(@PathVariable UUID id, @RequestParam(required = false) String done, Model model) {
		ProjectDetails.View view = details.view(id);
		ProjectLog.Tail tail = projectLog.tail(id, LOG_LINES);
		model.addAttribute("view", view);
		model.addAttribute("log", tail);
		Principal me = CurrentPrincipal.get();
		model.addAttribute("rating", new RatingPanel(ProjectRatings.rateable(view.project().status()),
				ratings.summary(id), ratings.ratingOf(id, me.userId()).orElse(null)));
		model.addAttribute("notice", notice(done));
		return PROJECT_VIEW;
	}

	/** The live part of the project page, fetched again when the stream says the project changed. */
	@GetMapping("/projects/{id}/state")
	String state(@PathVariable UUID id, Model model) {
		model.addAttribute("view", details.view(id));
		return STATE_FRAGMENT;
	}

	@PostMapping("/projects/{id}/pause")
	ModelAndView pause(@PathVariable UUID id) {
		workflow.pause(id, CurrentPrincipal.steering().actor());
		return Redirects.to("/projects/" + id + "?done=paused");
	}

	@PostMapping("/projects/{id}/resume")
	ModelAndView resume(@PathVariable UUID id) {
		workflow.resume(id, CurrentPrincipal.steering().actor());
		return Redirects.to("/projects/" + id + "?done=resumed");
	}

	@PostMapping("/projects/{id}/retry")
	ModelAndView retry(@PathVariable UUID id) {
		workflow.retryStage(id, null, CurrentPrincipal.steering().actor());
		return Redirects.to("/projects/" + id + "?done=retried");
	}

	@PostMapping("/projects/{id}/cancel")
	ModelAndView cancel(@PathVariable UUID id) {
		workflow.cancel(id, CurrentPrincipal.steering().actor());
		return Redirects.to("/projects/" + id + "?done=cancelled");
	}

	/**
	 * Rates a finished project. Viewers may rate too: a rating is feedback and steers nothing, so only a
	 * signed-in session and its CSRF token are required.
	 */
	@PostMapping("/projects/{id}/rating")
	ModelAndView rate(@PathVariable UUID id, @RequestParam(required = false) String score,
			@RequestParam(required = false) String comment) {
		Principal me = CurrentPrincipal.get();
		if (score == null || !score.strip().matches("[1-5]")) {
			throw new QuantaPilotException.InvalidRequest("score", "choose a score from 1 to 5");
		}
		ratings.rate(id, me.userId(), me.username(), Integer.parseInt(score.strip()), comment, "dashboard");
		return Redirects.to("/projects/" + id + "?done=rated#rating");
	}

	private String newForm(Model model, NewProjectForm form, String error) {
		List<ProviderCheck> providers = agents.checkProviders();
		model.addAttribute("form", form);
		model.addAttribute("providers", providers);
		model.addAttribute("error", error);
		model.addAttribute("maxReadmeBytes", ProjectService.MAX_README_BYTES);
		return NEW_VIEW;
	}

	private static String notice(String done) {
		if (done == null) {
			return null;
		}
		return switch (done) {
			case "paused" -> "Paused. A step already running finishes, and its result waits until you resume.";
			case "resumed" -> "Resumed.";
			case "retried" -> "The failed step runs again.";
			case "cancelled" -> "Cancelled.";
			case "rated" -> "Thank you for rating this project.";
			default -> null;
		};
	}

	/** The README: an uploaded file (UTF-8 text) or the pasted text, not both. */
	private static String readme(NewProjectForm form, MultipartFile file) {
		boolean uploaded = file != null && !file.isEmpty();
		if (!uploaded) {
			return blankToNull(form.readme());
		}
		if (blankToNull(form.readme()) != null) {
			throw new QuantaPilotException.InvalidRequest("readme",
					"give the README either as text or as a file, not both");
		}
		if (file.getSize() > ProjectService.MAX_README_BYTES) {
			throw new QuantaPilotException.InvalidRequest("readme", "the README file must be at most 1 MB");
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(file.getBytes()))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new QuantaPilotException.InvalidRequest("readme", "the README file must be UTF-8 text");
		}
		catch (IOException ex) {
			throw new QuantaPilotException.InvalidRequest("readme", "the README file could not be read; try again");
		}
	}

	private static BigDecimal number(String text, String what) {
		if (blankToNull(text) == null) {
			return null;
		}
		try {
			return new BigDecimal(text.strip());
		}
		catch (NumberFormatException ex) {
			throw new QuantaPilotException.InvalidRequest(what, "the " + what + " must be a number");
		}
	}

	private static String blankToNull(String text) {
		return text == null || text.isBlank() ? null : text;
	}

}
