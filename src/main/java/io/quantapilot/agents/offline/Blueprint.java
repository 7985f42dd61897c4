package io.quantapilot.agents.offline;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the {@link TemplateScaffolder} read from a README: the names, the stack and the
 * features the templates are filled with.
 *
 * @param name the project name as written in the README's first heading
 * @param slug lower-case, dash-separated name, e.g. {@code bookmarks-api}
 * @param title human title, e.g. {@code Bookmarks API}
 * @param description first paragraph after the title
 * @param features requested features, in README order
 * @param stack the technology stack the project is generated in
 * @param javaPackage Java package of the generated sources, e.g.
 * {@code io.example.bookmarksapi}
 * @param pythonPackage Python package of the generated sources, e.g.
 * {@code bookmarks_api}
 * @param entity the main entity noun, capitalised, e.g. {@code Bookmark}
 * @param httpApi whether the README asks for an HTTP API
 */
public record Blueprint(String name, String slug, String title, String description, List<Feature> features, Stack stack,
		String javaPackage, String pythonPackage, String entity, boolean httpApi) {

	public Blueprint {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(slug, "slug");
		Objects.requireNonNull(title, "title");
		Objects.requireNonNull(description, "description");
		Objects.requireNonNull(stack, "stack");
		Objects.requireNonNull(javaPackage, "javaPackage");
		Objects.requireNonNull(pythonPackage, "pythonPackage");
		Objects.requireNonNull(entity, "entity");
		features = List.copyOf(features);
	}

	/** Whether the README lists any features. */
	public boolean hasFeatures() {
		return !features.isEmpty();
	}

	/**
	 * A feature requested by the README.
	 *
	 * @param name short name, e.g. {@code Save bookmarks}
	 * @param description what the feature does; the name again when the README gave no
	 * more
	 */
	public record Feature(String name, String description) {

		public Feature {
			Objects.requireNonNull(name, "name");
			Objects.requireNonNull(description, "description");
		}

	}

	/** The stacks the offline provider has templates for. */
	public enum Stack {

		JAVA, PYTHON, NODE;

		/** The lower-case identifier, e.g. {@code node}. */
		public String id() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
