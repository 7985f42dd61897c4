package io.quantapilot.agents.cursorcloud;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

import io.quantapilot.agents.http.ResilientHttpClient;
import io.quantapilot.common.QuantaPilotException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Cursor Cloud Agents API v0 calls the provider makes. Authenticates with Basic (the key as user name)
 * as the API overview documents, and switches to Bearer, which the v0 pages show, when Basic is refused.
 * Responses are read tolerantly: unknown fields are ignored, missing ones are empty.
 */
final class CursorCloudClient {

	private final CursorCloudSettings settings;

	private final ResilientHttpClient http;

	private final JsonMapper json;

	private volatile boolean bearer;

	CursorCloudClient(CursorCloudSettings settings, ResilientHttpClient http, JsonMapper json) {
		this.settings = settings;
		this.http = http;
		this.json = json;
	}

	/** An agent as the API describes it. */
	record CloudAgent(String id, String name, String status, String summary, String branchName, String url,
			String prUrl) {
	}

	/** One message of an agent's conversation ({@code user_message} or {@code assistant_message}). */
	record Message(String id, String type, String text) {
	}

	/** {@code POST /v0/agents}. */
	CloudAgent launch(String prompt, CloudTarget target, String webhookUrl, Consumer<String> onRetry)
			throws InterruptedException {
		ObjectNode body = json.createObjectNode();
		body.putObject("prompt").put("text", prompt);
		body.putObject("source").put("repository", target.repository()).put("ref", target.ref());
		body.putObject("target").put("branchName", target.branchName()).put("autoCreatePr", settings.autoCreatePr());
		if (settings.hasModel()) {
			body.put("model", settings.model().trim());
		}
		if (webhookUrl != null) {
			body.putObject("webhook").put("url", webhookUrl).put("secret", settings.webhookSecret());
		}
		JsonNode answer = call("POST", "/v0/agents", json.writeValueAsString(body), onRetry);
		CloudAgent agent = agent(answer);
		if (agent.id().isEmpty()) {
			throw new QuantaPilotException.TransientFailure("cursor-cloud: the launch answer has no agent id", null);
		}
		return agent;
	}

	/** {@code GET /v0/agents/{id}}. */
	CloudAgent get(String id, Consumer<String> onRetry) throws InterruptedException {
		return agent(call("GET", "/v0/agents/" + encode(id), null, onRetry));
	}

	/** {@code GET /v0/agents/{id}/conversation}. */
	List<Message> conversation(String id, Consumer<String> onRetry) throws InterruptedException {
		List<Message> messages = new ArrayList<>();
		int index = 0;
		for (JsonNode message : call("GET", "/v0/agents/" + encode(id) + "/conversation", null, onRetry).path("messages")) {
			String messageId = text(message, "id");
			messages.add(new Message(messageId.isEmpty() ? "#" + index : messageId, text(message, "type"),
					text(message, "text")));
			index++;
		}
		return messages;
	}

	/** {@code POST /v0/agents/{id}/stop}; an agent that is not running any more is left as it is. */
	void stop(String id) throws InterruptedException {
		HttpResponse<String> response = send("POST", "/v0/agents/" + encode(id) + "/stop", "{}", message -> {
		});
		// 409: the agent is not running (finished or already stopped), which is what stopping wants.
		if (response.statusCode() / 100 != 2 && response.statusCode() != 409) {
			throw failure(response);
		}
	}

	/** {@code GET /v0/me} once, for the configuration check. */
	HttpResponse<String> me() throws IOException, InterruptedException {
		HttpResponse<String> response = http.sendOnce(request("GET", "/v0/me", null).build());
		if (response.statusCode() == 401 && !bearer) {
			bearer = true;
			HttpResponse<String> retried = http.sendOnce(request("GET", "/v0/me", null).build());
			if (retried.statusCode() != 401) {
				return retried;
			}
			bearer = false;
		}
		return response;
	}

	JsonNode parse(String body) {
		return json.readTree(body);
	}

	private JsonNode call(String method, String path, String body, Consumer<String> onRetry)
			throws InterruptedException {
		HttpResponse<String> response = send(method, path, body, onRetry);
		if (response.statusCode() / 100 != 2) {
			throw failure(response);
		}
		try {
			return json.readTree(response.body());
		}
		catch (JacksonException ex) {
			throw new QuantaPilotException.TransientFailure("cursor-cloud: " + method + " " + path
					+ " answered with something that is not JSON", ex);
		}
	}

	private HttpResponse<String> send(String method, String path, String body, Consumer<String> onRetry)
			throws InterruptedException {
		HttpResponse<String> response = http.send(request(method, path, body).build(), onRetry);
		if (response.statusCode() == 401 && !bearer) {
			bearer = true;
			HttpResponse<String> retried = http.send(request(method, path, body).build(), onRetry);
			if (retried.statusCode() != 401) {
				return retried;
			}
			bearer = false;
		}
		return response;
	}

	private HttpRequest.Builder request(String method, String path, String body) {
		String key = settings.apiKey() == null ? "" : settings.apiKey().trim();
		String authorization = bearer ? "Bearer " + key
				: "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(settings.base() + path))
			.timeout(settings.requestTimeout())
			.header("Accept", "application/json")
			.header("Authorization", authorization);
		if (body != null) {
			builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
		}
		else {
			builder.method(method, HttpRequest.BodyPublishers.noBody());
		}
		return builder;
	}

	private QuantaPilotException failure(HttpResponse<String> response) {
		int status = response.statusCode();
		String detail = errorDetail(response.body());
		String message = "cursor-cloud: HTTP " + status + " for " + response.request().method() + " "
				+ response.request().uri().getPath() + (detail.isEmpty() ? "" : ": " + detail);
		return switch (status) {
			case 401 -> new QuantaPilotException(message + " (check quantapilot.agents.cursor-cloud.api-key)");
			case 403 -> new QuantaPilotException(message + " (forbidden, or a plan limit)");
			default -> new QuantaPilotException(message);
		};
	}

	private String errorDetail(String body) {
		try {
			JsonNode root = json.readTree(body);
			String error = text(root, "error");
			String message = text(root, "message");
			if (root.path("error").isObject()) {
				error = text(root.path("error"), "message");
			}
			return (error + (message.isEmpty() ? "" : (error.isEmpty() ? "" : ": ") + message)).trim();
		}
		catch (JacksonException ex) {
			String flat = body == null ? "" : body.replaceAll("\\s+", " ").trim();
			return flat.length() <= 300 ? flat : flat.substring(0, 300) + "…";
		}
	}

	private static CloudAgent agent(JsonNode node) {
		JsonNode target = node.path("target");
		return new CloudAgent(text(node, "id"), text(node, "name"), text(node, "status"), text(node, "summary"),
				text(target, "branchName"), text(target, "url"), text(target, "prUrl"));
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isString() ? value.asString() : value.isNumber() || value.isBoolean() ? value.toString() : "";
	}

	private static String encode(String id) {
		return URLEncoder.encode(id, StandardCharsets.UTF_8);
	}

}
