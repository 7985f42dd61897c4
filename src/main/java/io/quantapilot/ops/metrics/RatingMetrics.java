package io.quantapilot.ops.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quantapilot.projects.ProjectRated;
import io.quantapilot.projects.ProjectRatings;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The user satisfaction metrics. {@code qp_project_rating} is a histogram of the ratings given through
 * this node (buckets at each score, so the share of 4 and 5 over a time window comes from
 * {@code increase} of its buckets; sum over nodes). {@code qp_project_ratings{score}} is the current
 * number of ratings per score from the database, the same on every node (take the max, not the sum).
 */
@Component
class RatingMetrics {

	private final ProjectRatings ratings;

	private final DistributionSummary given;

	private final Map<Integer, AtomicLong> current = new ConcurrentHashMap<>();

	RatingMetrics(MeterRegistry registry, ProjectRatings ratings) {
		this.ratings = ratings;
		// Registered at start, so the series exist at 0 and the first rating is an increase, not a new series.
		this.given = DistributionSummary.builder("qp_project_rating")
			.description("Satisfaction ratings given to finished projects (1 to 5)")
			.serviceLevelObjectives(1, 2, 3, 4, 5)
			.register(registry);
		for (int score = 1; score <= 5; score++) {
			AtomicLong value = new AtomicLong();
			current.put(score, value);
			Gauge.builder("qp_project_ratings", value, AtomicLong::get)
				.description("Current ratings of finished projects by score (one per person and project)")
				.tag("score", Integer.toString(score))
				.register(registry);
		}
	}

	@Scheduled(fixedDelayString = "PT15S", initialDelayString = "PT1S")
	void refresh() {
		ratings.countByScore().forEach((score, count) -> current.get(score).set(count));
	}

	/** After the commit: a rating rolled back is not counted. */
	@TransactionalEventListener(fallbackExecution = true)
	void on(ProjectRated event) {
		given.record(event.score());
		// Right away rather than at the next refresh, so a dashboard shows the rating at once.
		refresh();
	}

}
