package io.quantapilot.dashboard.web;

import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

/**
 * Redirects to paths of this site with {@code 303 See Other} (after a form, the browser fetches the target with
 * GET), taken as they are: braces in a path are not URI template variables.
 */
final class Redirects {

	private Redirects() {
	}

	static ModelAndView to(String path) {
		RedirectView view = new RedirectView(path, true, false);
		view.setExpandUriTemplateVariables(false);
		return new ModelAndView(view);
	}

}
