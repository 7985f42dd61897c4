package io.quantapilot.forge.github;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * A small GitHub REST client over the JDK {@link HttpClient}: JSON in and out, token authentication,
 * and the manners GitHub asks of integrators.
 * <ul>
 * <li><b>Primary rate limit</b>: {@code X-RateLimit-*} of every response is remembered; below
 * {@code reserve} remaining requests calls are spread out until the reset, and with none left a call
 * waits for the reset (up to {@code maxWait}, after which it fails as transient so the step is
 * retried later).</li>
 * <li><b>Secondary rate limits</b>: a 403 or 429 with {@code Retry-After} waits that long and tries
 * again; without the header GitHub asks for at least a minute.</li>
 * <li><b>Conditional requests</b>: GET responses with an {@code ETag} are kept, and asked again with
 * {@code If-None-Match}; a 304 costs no quota and answers from the kept body.</li>
 * <li><b>Pagination</b>: {@link #getAll} follows {@code Link: rel="next"}.</li>
 * <li>Server errors and lost connections are retried for reads only: a repeated POST could create a
 * second pull request, so callers of writes look for the earlier effect instead.</li>
 * </ul>
 * The token is only ever put in the {@code Authorization} header of requests to the configured API
 * host; it is not part of any message or exception.
 */
public final class GitHubClient {

	/** Waits; replaced in tests that count waits. */
	@FunctionalInterface
	public interface Sleeper {

		void sleep(Duration duration) throws InterruptedException;

	}

	/**
	 * A successful response (2xx, or a 304 answered from the kept body).
	 *
	 * @param status the HTTP status ({@code 304} for a cached answer)
	 * @param body the JSON body, or a missing node when there was none
	 * @param headers the response headers
	 */
	public record Response(int status, JsonNode body, HttpHeaders headers) {

		public Optional<String> header(String name) {
			return headers.firstValue(name);
		}

	}

	/**
	 * The primary rate limit as last reported.
	 *
	 * @param limit requests per window, or -1 when unknown
	 * @param remaining requests left, or -1 when unknown
	 * @param reset when the window resets
	 */
	public record RateLimit(int limit, int remaining, Instant reset) {
	}

	private static final Logger log = LoggerFactory.getLogger(GitHubClient.class);

	private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");

	private static final int MAX_PAGES = 100;

	private static final int CACHE_ENTRIES = 512;

	private static final Duration SECONDARY_DEFAULT_WAIT = Duration.ofMinutes(1);

	private static final Duration MAX_SPREAD_DELAY = Duration.ofSeconds(60);

	private final URI base;

	private final Supplier<String> token;

	private final HttpClient http;

	private final JsonMapper json = JsonMapper.builder().build();

	private final Sleeper sleeper;

	private final Clock clock;

	private final int reserve;

	private final Duration maxWait;

	private final MeterRegistry meters;

	private final Map<String, Cached> cache = new LinkedHashMap<>(64, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
			return size() > CACHE_ENTRIES;
		}

	};

	private volatile RateLimit rateLimit = new RateLimit(-1, -1, Instant.EPOCH);

	/**
	 * Creates a client.
	 * @param apiUrl API base, such as {@code https://api.github.com}
	 * @param token supplies the current token (empty or null: anonymous); asked on every request so a
	 * rotated token is picked up
	 * @param meters where request counts and the remaining quota go, or null
	 * @param reserve requests kept in reserve before calls are spread out
	 * @param maxWait the longest a call waits for a rate limit
	 */
	public GitHubClient(URI apiUrl, Supplier<String> token, MeterRegistry meters, int reserve, Duration maxWait) {
		this(apiUrl, token, meters, reserve, maxWait, d -> Thread.sleep(d.toMillis()), Clock.systemUTC());
	}

	GitHubClient(URI apiUrl, Supplier<String> token, MeterRegistry meters, int reserve, Duration maxWait,
			Sleeper sleeper, Clock clock) {
		String url = Objects.requireNonNull(apiUrl, "apiUrl").toString().replaceAll("/+$", "");
		this.base = URI.create(url);
		this.token = token != null ? token : () -> null;
		this.meters = meters;
		this.reserve = reserve;
		this.maxWait = maxWait;
		this.sleeper = sleeper;
		this.clock = clock;
		// Redirects are not followed: the JDK would repeat the Authorization header to wherever
		// the Location points.
		this.http = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(10))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		if (meters != null) {
			Gauge.builder("qp_github_rate_limit_remaining", this, c -> c.rateLimit.remaining())
				.description("Requests left in GitHub's primary rate limit window (-1 until known)")
				.register(meters);
		}
	}

	/** The API base URL. */
	public URI baseUrl() {
		return base;
	}

	/** The primary rate limit as GitHub last reported it. */
	public RateLimit rateLimit() {
		return rateLimit;
	}

	/** GET, answered from the kept body when GitHub says it has not changed. */
	public Response get(String path) {
		return send("GET", path, null);
	}

	/** GET every page of a list; {@code itemsField} names the array in an object body, or null for an array body. */
	public List<JsonNode> getAll(String path, String itemsField) {
		List<JsonNode> items = new ArrayList<>();
		String next = path;
		for (int page = 0; next != null && page < MAX_PAGES; page++) {
			Response response = get(next);
			JsonNode array = itemsField == null ? response.body() : response.body().path(itemsField);
			array.forEach(items::add);
			next = nextLink(response.headers()).orElse(null);
		}
		return items;
	}

	/** POST a JSON body. */
	public Response post(String path, Object body) {
		return send("POST", path, body);
	}

	/** PUT a JSON body. */
	public Response put(String path, Object body) {
		return send("PUT", path, body);
	}

	/** PATCH a JSON body. */
	public Response patch(String path, Object body) {
		return send("PATCH", path, body);
	}

	/** DELETE. */
	public Response delete(String path) {
		return send("DELETE", path, null);
	}

	/**
	 * Sends a request and returns its successful response; any other outcome is a
	 * {@link GitHubException}. Rate limits are waited out and reads retried as described on the class.
	 */
	public Response send(String method, String path, Object body) {
		URI uri = resolve(path);
		String what = method + " " + uri.getRawPath();
		boolean read = "GET".equals(method) || "HEAD".equals(method);
		String payload = body != null ? json.writeValueAsString(body) : null;
		for (int attempt = 1;; attempt++) {
			awaitRateLimit(what);
			Cached cached = read ? cached(uri) : null;
			HttpResponse<String> response;
			try {
				response = http.send(request(method, uri, payload, cached), HttpResponse.BodyHandlers.ofString());
			}
			catch (IOException ex) {
				count("error");
				if (read && attempt < 3) {
					backoff(attempt);
					continue;
				}
				throw new GitHubException(what, 0, "no response (" + ex.getClass().getSimpleName() + ")", true, ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new GitHubException(what, 0, "interrupted", true, ex);
			}
			int status = response.statusCode();
			count(Integer.toString(status));
			remember(response.headers());
			if (status == 304 && cached != null) {
				return new Response(304, cached.body(), cached.headers());
			}
			if (status >= 200 && status < 300) {
				JsonNode parsed = parse(response.body());
				if (read) {
					response.headers().firstValue("ETag").ifPresent(etag -> keep(uri, etag, parsed, response.headers()));
				}
				return new Response(status, parsed, response.headers());
			}
			String message = message(response.body());
			if (status == 403 || status == 429) {
				Optional<Duration> wait = rateLimitWait(response.headers(), message);
				if (wait.isPresent() && attempt < 4) {
					if (wait.get().compareTo(maxWait) > 0) {
						throw new GitHubException(what, status, "rate limited for " + wait.get().toSeconds() + " s: "
								+ message, true, null);
					}
					log.info("GitHub rate limit on {}; waiting {} s", what, wait.get().toSeconds());
					pause(wait.get());
					continue;
				}
				if (wait.isPresent()) {
					throw new GitHubException(what, status, message, true, null);
				}
			}
			if (status >= 500) {
				if (read && attempt < 3) {
					backoff(attempt);
					continue;
				}
				throw new GitHubException(what, status, message, true, null);
			}
			throw new GitHubException(what, status, message, false, null);
		}
	}

	/**
	 * Reads a text resource that GitHub serves by redirecting to short-lived storage (job logs). The
	 * redirect target gets no {@code Authorization} header: it is signed by itself and on another host.
	 * @return the text, or empty when GitHub or the storage did not provide it
	 */
	public Optional<String> redirectedText(String path) {
		URI uri = resolve(path);
		String what = "GET " + uri.getRawPath();
		awaitRateLimit(what);
		try {
			HttpResponse<String> first = http.send(request("GET", uri, null, null), HttpResponse.BodyHandlers.ofString());
			count(Integer.toString(first.statusCode()));
			remember(first.headers());
			if (first.statusCode() == 200) {
				return Optional.of(first.body());
			}
			Optional<String> location = first.headers().firstValue("Location");
			if (first.statusCode() / 100 != 3 || location.isEmpty()) {
				return Optional.empty();
			}
			HttpResponse<String> target = http.send(HttpRequest.newBuilder(URI.create(location.get()))
				.timeout(Duration.ofSeconds(60))
				.header("User-Agent", "QuantaPilot")
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
			return target.statusCode() == 200 ? Optional.of(target.body()) : Optional.empty();
		}
		catch (IOException | IllegalArgumentException ex) {
			log.debug("Cannot read {}: {}", what, ex.getMessage());
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
	}

	/** The URL of the next page, from a {@code Link} header. */
	static Optional<String> nextLink(HttpHeaders headers) {
		for (String link : headers.allValues("Link")) {
			Matcher matcher = NEXT_LINK.matcher(link);
			if (matcher.find()) {
				return Optional.of(matcher.group(1));
			}
		}
		return Optional.empty();
	}

	private HttpRequest request(String method, URI uri, String payload, Cached cached) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(60))
			.header("Accept", "application/vnd.github+json")
			.header("X-GitHub-Api-Version", "2022-11-28")
			.header("User-Agent", "QuantaPilot");
		String current = token.get();
		if (current != null && !current.isBlank()) {
			builder.header("Authorization", "Bearer " + current.strip());
		}
		if (cached != null) {
			builder.header("If-None-Match", cached.etag());
		}
		if (payload != null) {
			builder.header("Content-Type", "application/json");
			builder.method(method, HttpRequest.BodyPublishers.ofString(payload));
		}
		else {
			builder.method(method, HttpRequest.BodyPublishers.noBody());
		}
		return builder.build();
	}

	private URI resolve(String path) {
		if (path.startsWith("http://") || path.startsWith("https://")) {
			URI uri = URI.create(path);
			// Only links back to the API host (pagination) are followed: the token must not leave it.
			if (!Objects.equals(uri.getScheme(), base.getScheme()) || !Objects.equals(uri.getAuthority(), base.getAuthority())) {
				throw new GitHubException("GET " + uri.getRawPath(), 0, "link to another host refused", false, null);
			}
			return uri;
		}
		return URI.create(base + (path.startsWith("/") ? path : "/" + path));
	}

	/** How long a 403/429 asks us to wait, or empty when it is not a rate limit at all. */
	private Optional<Duration> rateLimitWait(HttpHeaders headers, String message) {
		OptionalLong retryAfter = headers.firstValueAsLong("Retry-After");
		if (retryAfter.isPresent()) {
			return Optional.of(Duration.ofSeconds(Math.max(1, retryAfter.getAsLong())));
		}
		if ("0".equals(headers.firstValue("X-RateLimit-Remaining").orElse(null))) {
			OptionalLong reset = headers.firstValueAsLong("X-RateLimit-Reset");
			long seconds = reset.isPresent() ? reset.getAsLong() - clock.instant().getEpochSecond() + 1 : 60;
			return Optional.of(Duration.ofSeconds(Math.max(1, seconds)));
		}
		if (message.toLowerCase(Locale.ROOT).contains("secondary rate limit")) {
			return Optional.of(SECONDARY_DEFAULT_WAIT);
		}
		return Optional.empty();
	}

	/** Before a call: wait for an exhausted window to reset, or spread calls when the reserve is reached. */
	private void awaitRateLimit(String what) {
		RateLimit current = rateLimit;
		if (current.remaining() < 0) {
			return;
		}
		Duration untilReset = Duration.between(clock.instant(), current.reset());
		if (untilReset.isNegative() || untilReset.isZero()) {
			return;
		}
		if (current.remaining() == 0) {
			Duration wait = untilReset.plusSeconds(1);
			if (wait.compareTo(maxWait) > 0) {
				throw new GitHubException(what, 0, "rate limit exhausted until " + current.reset(), true, null);
			}
			log.info("GitHub rate limit exhausted; waiting {} s for the reset", wait.toSeconds());
			pause(wait);
			rateLimit = new RateLimit(current.limit(), -1, current.reset());
			return;
		}
		if (current.remaining() < reserve) {
			Duration spread = untilReset.dividedBy(current.remaining() + 1L);
			pause(spread.compareTo(MAX_SPREAD_DELAY) > 0 ? MAX_SPREAD_DELAY : spread);
		}
	}

	private void remember(HttpHeaders headers) {
		String resource = headers.firstValue("X-RateLimit-Resource").orElse("core");
		OptionalLong remaining = headers.firstValueAsLong("X-RateLimit-Remaining");
		if (!"core".equals(resource) || remaining.isEmpty()) {
			return;
		}
		int limit = (int) headers.firstValueAsLong("X-RateLimit-Limit").orElse(-1);
		Instant reset = Instant.ofEpochSecond(headers.firstValueAsLong("X-RateLimit-Reset").orElse(0));
		rateLimit = new RateLimit(limit, (int) remaining.getAsLong(), reset);
	}

	private void pause(Duration duration) {
		try {
			sleeper.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new GitHubException("waiting for GitHub", 0, "interrupted", true, ex);
		}
	}

	private void backoff(int attempt) {
		pause(Duration.ofMillis(500L << attempt));
	}

	private void count(String status) {
		if (meters != null) {
			Counter.builder("qp_github_api_requests")
				.description("GitHub REST API requests by response status")
				.tag("status", status)
				.register(meters)
				.increment();
		}
	}

	private JsonNode parse(String body) {
		if (body == null || body.isBlank()) {
			return MissingNode.getInstance();
		}
		try {
			return json.readTree(body);
		}
		catch (JacksonException ex) {
			throw new GitHubException("reading a GitHub response", 0, "not JSON", true, ex);
		}
	}

	/** GitHub's message plus any validation errors, for exceptions and logs. */
	private String message(String body) {
		if (body == null || body.isBlank()) {
			return "";
		}
		try {
			JsonNode node = json.readTree(body);
			StringBuilder message = new StringBuilder(GitHubJson.text(node.path("message"), ""));
			for (JsonNode error : node.path("errors")) {
				String detail = error.isString() ? error.stringValue()
						: GitHubJson.text(error.path("message"), GitHubJson.text(error.path("code"), ""));
				if (!detail.isEmpty()) {
					message.append(message.length() > 0 ? "; " : "").append(detail);
				}
			}
			return message.toString();
		}
		catch (JacksonException ex) {
			return body.length() > 200 ? body.substring(0, 200) : body;
		}
	}

	private Cached cached(URI uri) {
		synchronized (cache) {
			return cache.get(uri.toString());
		}
	}

	private void keep(URI uri, String etag, JsonNode body, HttpHeaders headers) {
		synchronized (cache) {
			cache.put(uri.toString(), new Cached(etag, body, headers));
		}
	}

	private record Cached(String etag, JsonNode body, HttpHeaders headers) {
	}

}
