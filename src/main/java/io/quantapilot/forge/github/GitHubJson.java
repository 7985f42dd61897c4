package io.quantapilot.forge.github;

import tools.jackson.databind.JsonNode;

/** Null-safe reading of GitHub's JSON, where absent and {@code null} fields mean the same. */
final class GitHubJson {

	private GitHubJson() {
	}

	static String text(JsonNode node, String fallback) {
		if (node == null || node.isMissingNode() || node.isNull()) {
			return fallback;
		}
		return node.isString() ? node.stringValue() : node.asString();
	}

	static String text(JsonNode node) {
		return text(node, null);
	}

}
