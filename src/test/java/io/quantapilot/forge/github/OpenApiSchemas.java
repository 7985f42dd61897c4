package io.quantapilot.forge.github;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks JSON against GitHub's published OpenAPI description ({@code github-openapi/api.github.com.json}):
 * the request body and response schemas of an operation, with {@code $ref}, {@code allOf}/{@code anyOf}/
 * {@code oneOf}, {@code nullable}, {@code required}, {@code type}, {@code enum}, {@code properties} and
 * {@code items}. Enough to catch a stand-in or a request that drifted from the real API.
 */
final class OpenApiSchemas {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static volatile JsonNode spec;

	private OpenApiSchemas() {
	}

	static JsonNode spec() {
		if (spec == null) {
			try {
				spec = JSON.readTree(Files.readString(GitHubStandIn.FIXTURES.resolve("github-openapi/api.github.com.json")));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return spec;
	}

	/** The schema of an operation's JSON response with the given status. */
	static JsonNode response(String pathTemplate, String method, int status) {
		JsonNode operation = operation(pathTemplate, method);
		JsonNode response = resolve(operation.path("responses").path(Integer.toString(status)));
		JsonNode schema = response.path("content").path("application/json").path("schema");
		if (schema.isMissingNode()) {
			throw new IllegalArgumentException("no JSON response " + status + " for " + method + " " + pathTemplate);
		}
		return schema;
	}

	/** The schema of an operation's JSON request body. */
	static JsonNode request(String pathTemplate, String method) {
		JsonNode body = resolve(operation(pathTemplate, method).path("requestBody"));
		return body.path("content").path("application/json").path("schema");
	}

	/** Every way {@code value} breaks {@code schema}; empty when it conforms. */
	static List<String> violations(JsonNode schema, JsonNode value) {
		List<String> errors = new ArrayList<>();
		check(resolve(schema), value, "$", errors, false);
		return errors;
	}

	/** Like {@link #violations}, and also reporting properties the schema does not define (for requests). */
	static List<String> strictViolations(JsonNode schema, JsonNode value) {
		List<String> errors = new ArrayList<>();
		check(resolve(schema), value, "$", errors, true);
		return errors;
	}

	private static JsonNode operation(String pathTemplate, String method) {
		JsonNode operation = spec().path("paths").path(pathTemplate).path(method.toLowerCase(java.util.Locale.ROOT));
		if (operation.isMissingNode()) {
			throw new IllegalArgumentException("GitHub has no " + method + " " + pathTemplate);
		}
		return operation;
	}

	private static JsonNode resolve(JsonNode node) {
		JsonNode current = node;
		while (current.has("$ref")) {
			String ref = current.path("$ref").asString();
			JsonNode target = spec();
			for (String part : ref.substring(2).split("/")) {
				target = target.path(part.replace("~1", "/").replace("~0", "~"));
			}
			current = target;
		}
		return current;
	}

	private static void check(JsonNode schema, JsonNode value, String at, List<String> errors, boolean strict) {
		if (value == null || value.isMissingNode()) {
			return;
		}
		if (value.isNull()) {
			if (!schema.path("nullable").asBoolean(false) && schema.has("type")) {
				errors.add(at + " is null but not nullable");
			}
			return;
		}
		if (schema.has("allOf")) {
			for (JsonNode part : schema.path("allOf")) {
				check(resolve(part), value, at, errors, strict);
			}
		}
		for (String alternatives : List.of("anyOf", "oneOf")) {
			if (schema.has(alternatives)) {
				boolean any = false;
				for (JsonNode part : schema.path(alternatives)) {
					List<String> partErrors = new ArrayList<>();
					check(resolve(part), value, at, partErrors, strict);
					any |= partErrors.isEmpty();
				}
				if (!any) {
					errors.add(at + " matches none of its " + alternatives);
				}
			}
		}
		String type = schema.path("type").asString("");
		switch (type) {
			case "object" -> {
				if (!value.isObject()) {
					errors.add(at + " should be an object");
					return;
				}
			}
			case "array" -> {
				if (!value.isArray()) {
					errors.add(at + " should be an array");
					return;
				}
				int i = 0;
				for (JsonNode item : value) {
					check(resolve(schema.path("items")), item, at + "[" + i++ + "]", errors, strict);
				}
			}
			case "string" -> {
				if (!value.isString()) {
					errors.add(at + " should be a string");
				}
			}
			case "integer" -> {
				if (!value.isIntegralNumber()) {
					errors.add(at + " should be an integer");
				}
			}
			case "number" -> {
				if (!value.isNumber()) {
					errors.add(at + " should be a number");
				}
			}
			case "boolean" -> {
				if (!value.isBoolean()) {
					errors.add(at + " should be a boolean");
				}
			}
			default -> {
			}
		}
		if (schema.has("enum") && value.isValueNode()) {
			boolean listed = false;
			for (JsonNode option : schema.path("enum")) {
				listed |= option.equals(value) || option.isNull() && value.isNull();
			}
			if (!listed) {
				errors.add(at + " = " + value + " is not one of " + schema.path("enum"));
			}
		}
		if (value.isObject()) {
			for (JsonNode required : schema.path("required")) {
				if (!value.has(required.asString())) {
					errors.add(at + "." + required.asString() + " is required");
				}
			}
			JsonNode properties = schema.path("properties");
			for (Map.Entry<String, JsonNode> property : value.properties()) {
				JsonNode propertySchema = properties.path(property.getKey());
				if (!propertySchema.isMissingNode()) {
					check(resolve(propertySchema), property.getValue(), at + "." + property.getKey(), errors, strict);
				}
				else if (strict && !schema.has("additionalProperties") && !schema.has("allOf")
						&& !schema.has("anyOf") && !schema.has("oneOf")) {
					errors.add(at + "." + property.getKey() + " is not defined by the schema");
				}
			}
		}
	}

}
