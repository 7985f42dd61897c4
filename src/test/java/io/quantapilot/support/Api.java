package io.quantapilot.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client of the running application, as an outside caller sees it. */
public final class Api {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	private final String apiKey;

	public Api(String baseUrl, String apiKey) {
		this.baseUrl = baseUrl;
		this.apiKey = apiKey;
	}

	/** A response: status, headers and the body parsed as JSON (or null when it is not JSON). */
	public record Response(int status, java.net.http.HttpHeaders headers, String body) {

		public JsonNode json() {
			return JSON.readTree(body);
		}

		public String header(String name) {
			return headers.firstValue(name).orElse(null);
		}

	}

	public Response get(String path) {
		return send(request(path).GET());
	}

	public Response post(String path, Object body) {
		return sendJson("POST", path, body instanceof String s ? s : JSON.writeValueAsString(body));
	}

	public Response patch(String path, Object body) {
		return sendJson("PATCH", path, body instanceof String s ? s : JSON.writeValueAsString(body));
	}

	public Response delete(String path) {
		return send(request(path).DELETE());
	}

	public Response sendJson(String method, String path, String body) {
		return send(request(path).header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(body)));
	}

	public Response send(HttpRequest.Builder builder) {
		try {
			HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers(), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public HttpRequest.Builder request(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
		if (apiKey != null) {
			builder.header("Authorization", "Bearer " + apiKey);
		}
		return builder;
	}

	public Api withKey(String key) {
		return new Api(baseUrl, key);
	}

	public static Map<String, Object> readmeBody(String readme) {
		return Map.of("readme", readme);
	}

	public static JsonMapper json() {
		return JSON;
	}

}
