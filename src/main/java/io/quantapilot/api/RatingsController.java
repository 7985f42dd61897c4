package io.quantapilot.api;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.common.Role;
import io.quantapilot.identity.CurrentPrincipal;
import io.quantapilot.identity.Principal;
import io.quantapilot.projects.ProjectRatings;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Satisfaction ratings of finished projects (the runbook's user satisfaction). Every role may rate: a
 * rating is feedback and steers nothing.
 */
@RestController
@ConditionalOnRole(Role.API)
@RequestMapping("/api/v1")
class RatingsController {

	private final ProjectRatings ratings;

	RatingsController(ProjectRatings ratings) {
		this.ratings = ratings;
	}

	/** The score as sent, so 4.5 or a string can be refused instead of being rounded or coerced. */
	record RateRequest(Object score, String comment) {
	}

	@PostMapping("/projects/{id}/rating")
	ApiViews.RatingView rate(@PathVariable UUID id, @RequestBody RateRequest request) {
		Principal principal = CurrentPrincipal.get();
		if (!(request.score() instanceof Integer score)) {
			throw new QuantaPilotException.InvalidRequest("score", "score must be a whole number from 1 to 5");
		}
		return ApiViews.RatingView.of(ratings.rate(id, principal.userId(), principal.username(), score,
				request.comment(), "api"));
	}

	@GetMapping("/projects/{id}/ratings")
	Map<String, List<ApiViews.RatingView>> list(@PathVariable UUID id) {
		return Map.of("ratings", ratings.ratings(id).stream().map(ApiViews.RatingView::of).toList());
	}

}
