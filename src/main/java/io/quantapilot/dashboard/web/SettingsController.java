package io.quantapilot.dashboard.web;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.agents.AgentService;
import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.identity.ApiKeyService;
import io.quantapilot.identity.CurrentPrincipal;
import io.quantapilot.identity.Principal;
import io.quantapilot.identity.SessionService;
import io.quantapilot.identity.UserRole;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * Settings: the signed-in account, the agent providers' check ({@code agents verify}), and for
 * administrators the API keys (created with the secret shown once, revoked) and recent sign-in sessions.
 */
@Controller
@ConditionalOnRole(Role.DASHBOARD)
class SettingsController {

	static final String VIEW = "dashboard/settings";

	private static final int MAX_KEY_DAYS = 3650;

	private final ApiKeyService keys;

	private final SessionService sessions;

	private final AgentService agents;

	SettingsController(ApiKeyService keys, SessionService sessions, AgentService agents) {
		this.keys = keys;
		this.sessions = sessions;
		this.agents = agents;
	}

	/** A new API key as asked for; {@code expiresInDays} blank means it does not expire. */
	record NewKeyForm(String name, String expiresInDays) {
	}

	@GetMapping("/settings")
	String settings(@RequestParam(required = false) String check, @RequestParam(required = false) String done,
			HttpServletRequest request, Model model) {
		fill(request, model);
		if ("providers".equals(check)) {
			model.addAttribute("providerChecks", agents.checkProviders());
		}
		if ("revoked".equals(done)) {
			model.addAttribute("notice", "The key is revoked; requests with it are refused from now on.");
		}
		return VIEW;
	}

	@PostMapping("/settings/keys")
	ModelAndView createKey(@ModelAttribute NewKeyForm form, HttpServletRequest request, Model model) {
		Principal admin = admin();
		String name = form.name() == null ? "" : form.name().strip();
		ModelAndView view = new ModelAndView(VIEW);
		try {
			if (name.isEmpty() || name.length() > 200) {
				throw new QuantaPilotException.InvalidRequest("name", "give the key a name of at most 200 characters");
			}
			Instant expires = null;
			if (form.expiresInDays() != null && !form.expiresInDays().isBlank()) {
				int days = parseDays(form.expiresInDays());
				expires = Instant.now().plus(Duration.ofDays(days));
			}
			// The secret goes into this response only: rendered, not redirected, so it never sits in a URL.
			view.addObject("createdKey", keys.create(name, admin.userId(), expires, admin.actor()));
		}
		catch (QuantaPilotException.InvalidRequest ex) {
			view.addObject("keyError", ex.getMessage());
			view.setStatus(HttpStatus.BAD_REQUEST);
		}
		fill(request, model);
		view.addAllObjects(model.asMap());
		return view;
	}

	@PostMapping("/settings/keys/{id}/revoke")
	ModelAndView revokeKey(@PathVariable UUID id) {
		keys.revoke(id, admin().actor());
		return Redirects.to("/settings?done=revoked");
	}

	private void fill(HttpServletRequest request, Model model) {
		Principal me = CurrentPrincipal.get();
		model.addAttribute("mySession", request.getAttribute(DashboardInterceptor.SESSION));
		model.addAttribute("admin", me.role() == UserRole.ADMIN);
		if (me.role() == UserRole.ADMIN) {
			model.addAttribute("keys", keys.list());
			model.addAttribute("recentSessions", sessions.recent(20));
		}
		model.addAttribute("now", Instant.now());
		if (!model.containsAttribute("newKey")) {
			model.addAttribute("newKey", new NewKeyForm("", ""));
		}
	}

	private static Principal admin() {
		Principal principal = CurrentPrincipal.get();
		if (principal.role() != UserRole.ADMIN) {
			throw new QuantaPilotException.Forbidden("only administrators manage API keys");
		}
		return principal;
	}

	private static int parseDays(String text) {
		try {
			int days = Integer.parseInt(text.strip());
			if (days >= 1 && days <= MAX_KEY_DAYS) {
				return days;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw new QuantaPilotException.InvalidRequest("expires_in_days",
				"the lifetime must be a whole number of days from 1 to " + MAX_KEY_DAYS);
	}

}
