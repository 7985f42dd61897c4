package io.quantapilot.agents.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.quantapilot.common.QuantaPilotException;

/**
 * Sends a provider's HTTP requests with retries and its circuit breaker.
 * <p>
 * Retried: 408, 429 and 5xx answers, timeouts and connection failures, with exponential backoff and full
 * jitter, or after the server's {@code retry-after-ms} / {@code Retry-After} when it sends one; a server's
 * {@code x-should-retry: false} forbids the retry. Every other answer is returned to the caller to interpret.
 * Exhausted retries end in a {@link QuantaPilotException.TransientFailure}, so the worker pool may try the
 * whole step again later. An interrupt aborts the exchange in flight and is rethrown.
 */
public final class ResilientHttpClient {

	private static final int MAX_PROBLEM_BODY = 300;

	private final String provider;

	private final HttpClient http;

	private final RetrySettings retry;

	private final CircuitBreaker breaker;

	private final Predicate<HttpResponse<String>> neverRetry;

	/**
	 * @param provider the provider's name, used in error messages
	 * @param http the JDK client
	 * @param retry retry settings
	 * @param breaker the provider's circuit breaker, shared by all its calls
	 * @param neverRetry answers that must not be retried although their status would be (a 429 for an
	 *     exhausted quota, for instance)
	 */
	public ResilientHttpClient(String provider, HttpClient http, RetrySettings retry, CircuitBreaker breaker,
			Predicate<HttpResponse<String>> neverRetry) {
		this.provider = Objects.requireNonNull(provider, "provider");
		this.http = Objects.requireNonNull(http, "http");
		this.retry = Objects.requireNonNull(retry, "retry");
		this.breaker = Objects.requireNonNull(breaker, "breaker");
		this.neverRetry = Objects.requireNonNull(neverRetry, "neverRetry");
	}

	/** The circuit breaker this client reports to. */
	public CircuitBreaker breaker() {
		return breaker;
	}

	/**
	 * Sends a request until it gets an answer that is not worth retrying.
	 *
	 * @param request the request (sent again unchanged on a retry, so its body must be replayable)
	 * @param onRetry told about each retry, for the run's event log
	 * @return a 2xx answer, or a client error the caller must interpret
	 * @throws QuantaPilotException.TransientFailure when the circuit is open or the retries are exhausted
	 * @throws InterruptedException when the calling thread is interrupted (the run is cancelled)
	 */
	public HttpResponse<String> send(HttpRequest request, Consumer<String> onRetry) throws InterruptedException {
		String problem = "no attempt made";
		for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
			if (Thread.interrupted()) {
				throw new InterruptedException(provider + " call cancelled");
			}
			breaker.acquire();
			Duration serverWait = null;
			try {
				HttpResponse<String> response = execute(request);
				int status = response.statusCode();
				if (status >= 200 && status < 300) {
					breaker.success();
					return response;
				}
				boolean outage = status == 408 || status >= 500;
				if (outage) {
					breaker.failure("HTTP " + status);
				}
				else {
					// Answers such as 429 or 401 prove the provider is up; only outages count against it.
					breaker.success();
				}
				boolean retryable = outage || status == 429;
				Optional<String> shouldRetry = response.headers().firstValue("x-should-retry");
				if (!retryable || neverRetry.test(response) || shouldRetry.filter("false"::equalsIgnoreCase).isPresent()) {
					return response;
				}
				problem = "HTTP " + status + " " + abbreviate(response.body());
				serverWait = retryAfter(response).orElse(null);
			}
			catch (HttpTimeoutException ex) {
				breaker.failure("timeout");
				problem = "no answer within " + request.timeout().map(ResilientHttpClient::seconds).orElse("the timeout");
			}
			catch (IOException ex) {
				breaker.failure(ex.getClass().getSimpleName());
				problem = "connection to " + request.uri().getHost() + ":" + request.uri().getPort() + " failed ("
						+ (ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName()) + ")";
			}
			catch (InterruptedException | RuntimeException ex) {
				// Cancelled, or broken on our side: no verdict on the provider, but a trial must not stay pending.
				breaker.release();
				throw ex;
			}
			if (attempt == retry.maxAttempts()) {
				break;
			}
			Duration delay = serverWait != null ? min(serverWait, retry.maxRetryAfter()) : backoff(attempt);
			onRetry.accept(provider + ": " + problem + "; retrying in " + seconds(delay) + " (attempt " + (attempt + 1)
					+ " of " + retry.maxAttempts() + ")");
			Thread.sleep(delay.toMillis());
		}
		throw new QuantaPilotException.TransientFailure(
				provider + ": " + problem + " (gave up after " + retry.maxAttempts() + " attempts)", null);
	}

	/**
	 * Sends a request once, without retries and without the circuit breaker: for configuration checks, which
	 * must answer quickly and must not open the circuit of a provider that is merely misconfigured.
	 *
	 * @throws IOException when the server cannot be reached
	 * @throws InterruptedException when the calling thread is interrupted
	 */
	public HttpResponse<String> sendOnce(HttpRequest request) throws IOException, InterruptedException {
		return execute(request);
	}

	private HttpResponse<String> execute(HttpRequest request) throws IOException, InterruptedException {
		// sendAsync + cancel, because only cancelling the future aborts the exchange on an interrupt.
		CompletableFuture<HttpResponse<String>> future = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			future.cancel(true);
			throw ex;
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof IOException io) {
				throw io;
			}
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IOException(cause);
		}
	}

	/** The exponential backoff before attempt {@code attempt + 1}, with jitter between 50 and 100 %. */
	Duration backoff(int attempt) {
		long base = retry.initialDelay().toMillis() << Math.min(attempt - 1, 20);
		long capped = Math.min(base, retry.maxDelay().toMillis());
		return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
	}

	/** The server's requested wait: {@code retry-after-ms} first (OpenAI), then {@code Retry-After}. */
	static Optional<Duration> retryAfter(HttpResponse<?> response) {
		Optional<String> millis = response.headers().firstValue("retry-after-ms");
		if (millis.isPresent()) {
			try {
				double value = Double.parseDouble(millis.get().trim());
				if (value > 0) {
					return Optional.of(Duration.ofMillis((long) Math.ceil(value)));
				}
			}
			catch (NumberFormatException ex) {
				// Not a number: fall through to the standard header.
			}
		}
		return response.headers().firstValue("retry-after").flatMap(ResilientHttpClient::parseRetryAfter);
	}

	static Optional<Duration> parseRetryAfter(String value) {
		String trimmed = value.trim();
		try {
			double seconds = Double.parseDouble(trimmed);
			return seconds > 0 ? Optional.of(Duration.ofMillis((long) Math.ceil(seconds * 1000))) : Optional.empty();
		}
		catch (NumberFormatException ex) {
			try {
				Duration until = Duration.between(ZonedDateTime.now(),
						ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME));
				return until.isNegative() || until.isZero() ? Optional.empty() : Optional.of(until);
			}
			catch (DateTimeParseException notADate) {
				return Optional.empty();
			}
		}
	}

	private static Duration min(Duration a, Duration b) {
		return a.compareTo(b) <= 0 ? a : b;
	}

	private static String seconds(Duration duration) {
		return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
	}

	private static String abbreviate(String body) {
		if (body == null || body.isBlank()) {
			return "";
		}
		String flat = body.replaceAll("\\s+", " ").trim();
		return flat.length() <= MAX_PROBLEM_BODY ? flat : flat.substring(0, MAX_PROBLEM_BODY) + "…";
	}

}
