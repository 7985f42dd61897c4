package io.quantapilot.agents.offline;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import io.quantapilot.agents.offline.Blueprint.Feature;

/**
 * A blueprint with the derived names every stack's templates share, and the template
 * values that are the same in all of them.
 */
final class TemplateModel {

	private final Blueprint blueprint;

	private final String collection;

	TemplateModel(Blueprint blueprint) {
		this.blueprint = blueprint;
		this.collection = Names.plural(blueprint.entity().toLowerCase(Locale.ROOT));
	}

	Blueprint blueprint() {
		return blueprint;
	}

	String entity() {
		return blueprint.entity();
	}

	/** Lower-case plural of the entity, used as the HTTP path: {@code bookmarks}. */
	String collection() {
		return collection;
	}

	/** The Java package as a directory: {@code io.example.bookmarksapi}. */
	String javaPath() {
		return blueprint.javaPackage().replace('.', '/');
	}

	List<Feature> features() {
		return blueprint.features();
	}

	/** Values for the template variables every template may use. */
	Map<String, String> values() {
		Map<String, String> values = new HashMap<>();
		values.put("slug", blueprint.slug());
		values.put("title_java", Literals.java(blueprint.title()));
		values.put("title_json", Literals.json(blueprint.title()));
		values.put("title_xml", Literals.xml(blueprint.title()));
		values.put("description_java", Literals.java(blueprint.description()));
		values.put("description_json", Literals.json(blueprint.description()));
		values.put("description_xml", Literals.xml(blueprint.description()));
		values.put("entity", entity());
		values.put("entity_label", entity().toLowerCase(Locale.ROOT));
		values.put("collection", collection);
		values.put("collection_label", collection);
		values.put("java_package", blueprint.javaPackage());
		values.put("group_id", blueprint.javaPackage().substring(0, blueprint.javaPackage().lastIndexOf('.')));
		values.put("python_package", blueprint.pythonPackage());
		return values;
	}

	/**
	 * One line per feature, rendered by {@code line} and joined with {@code separator}:
	 * used to put the feature list into source code.
	 */
	String featureLines(Function<Feature, String> line, String separator) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < blueprint.features().size(); i++) {
			if (i > 0) {
				out.append(separator);
			}
			out.append(line.apply(blueprint.features().get(i)));
		}
		return out.toString();
	}

}
