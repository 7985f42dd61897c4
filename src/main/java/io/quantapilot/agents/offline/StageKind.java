package io.quantapilot.agents.offline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stages the offline provider can implement, in the order they are planned. Each
 * leaves the generated project building with all tests passing, given the stages before
 * it.
 */
enum StageKind {

	SKELETON("project-skeleton"), CORE_DOMAIN("core-domain"), FEATURE_CATALOG("feature-catalog"), HTTP_API("http-api"),
	DOCUMENTATION("documentation-and-ci");

	private final String slug;

	StageKind(String slug) {
		this.slug = slug;
	}

	/** The stage name in the plan. */
	String slug() {
		return slug;
	}

	/**
	 * The stages that fit the blueprint: always 3, plus features and HTTP when asked for.
	 */
	static List<StageKind> planFor(Blueprint blueprint) {
		List<StageKind> kinds = new ArrayList<>(List.of(SKELETON, CORE_DOMAIN));
		if (blueprint.hasFeatures()) {
			kinds.add(FEATURE_CATALOG);
		}
		if (blueprint.httpApi()) {
			kinds.add(HTTP_API);
		}
		kinds.add(DOCUMENTATION);
		return kinds;
	}

	static Optional<StageKind> bySlug(String slug) {
		for (StageKind kind : values()) {
			if (kind.slug.equals(slug)) {
				return Optional.of(kind);
			}
		}
		return Optional.empty();
	}

}
