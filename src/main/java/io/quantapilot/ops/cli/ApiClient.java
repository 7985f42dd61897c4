package io.quantapilot.ops.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small client of the REST API for the command line's server commands. */
final class ApiClient {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	private final String baseUrl;

	private final String apiKey;

	ApiClient(String baseUrl, String apiKey) {
		if (apiKey == null || apiKey.isBlank()) {
			throw new CliException("an API key is needed: pass --api-key or set QP_API_KEY");
		}
		this.baseUrl = baseUrl.replaceAll("/+$", "");
		this.apiKey = apiKey;
	}

	JsonNode get(String path) {
		return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
	}

	JsonNode post(String path, Object body) {
		return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
	}

	JsonNode delete(String path) {
		return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE());
	}

	/** The prefix the server lists the caller's own key under (its first 10 characters). */
	String keyPrefix() {
		return apiKey.substring(0, Math.min(10, apiKey.length()));
	}

	String baseUrl() {
		return baseUrl;
	}

	JsonMapper json() {
		return json;
	}

	private JsonNode send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + apiKey)
				.header("Accept", "application/json")
				.timeout(Duration.ofSeconds(30))
				.build(), HttpResponse.BodyHandlers.ofString());
			JsonNode body = response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
			if (response.statusCode() >= 400) {
				JsonNode error = body.path("error");
				throw new CliException("server answered " + response.statusCode() + " "
						+ error.path("code").asString("") + ": " + error.path("message").asString(response.body()));
			}
			return body;
		}
		catch (ConnectException ex) {
			throw new CliException("cannot reach " + baseUrl + " (is `quantapilot server` running? set --url)");
		}
		catch (IOException ex) {
			throw new CliException("request to " + baseUrl + " failed: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CliException("interrupted");
		}
	}

}
