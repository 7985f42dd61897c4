package io.quantapilot.agents.http;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

import io.quantapilot.common.QuantaPilotException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpResilienceUnitTests {

	private final AtomicLong now = new AtomicLong();

	private final CircuitBreaker breaker = new CircuitBreaker("demo", new CircuitBreakerSettings(2, Duration.ofSeconds(30)),
			now::get);

	@Test
	void theCircuitOpensAfterConsecutiveFailuresAndSuccessResetsTheCount() {
		breaker.acquire();
		breaker.failure("HTTP 503");
		breaker.acquire();
		breaker.success();
		breaker.acquire();
		breaker.failure("HTTP 503");
		assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
		breaker.acquire();
		breaker.failure("HTTP 502");
		assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThatThrownBy(breaker::acquire).isInstanceOf(QuantaPilotException.TransientFailure.class)
			.hasMessage("demo provider unavailable: circuit open after 2 consecutive failures (last: HTTP 502); "
					+ "next trial in 30 s");
	}

	@Test
	void afterTheCoolDownOneTrialIsLetThroughAndDecides() {
		breaker.failure("timeout");
		breaker.failure("timeout");
		now.addAndGet(Duration.ofSeconds(31).toNanos());

		breaker.acquire();
		assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
		assertThatThrownBy(breaker::acquire).hasMessageContaining("a trial call is in progress");
		breaker.failure("timeout");
		assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThatThrownBy(breaker::acquire).hasMessageContaining("next trial in 30 s");

		now.addAndGet(Duration.ofSeconds(31).toNanos());
		breaker.acquire();
		breaker.success();
		assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
		breaker.acquire();
	}

	@Test
	void aCancelledTrialLetsTheNextOneThrough() {
		breaker.failure("timeout");
		breaker.failure("timeout");
		now.addAndGet(Duration.ofSeconds(31).toNanos());

		breaker.acquire();
		breaker.release();
		breaker.acquire();
		assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
	}

	@Test
	void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
		assertThat(ResilientHttpClient.parseRetryAfter("2")).contains(Duration.ofSeconds(2));
		assertThat(ResilientHttpClient.parseRetryAfter(" 0.5 ")).contains(Duration.ofMillis(500));
		assertThat(ResilientHttpClient.parseRetryAfter("0")).isEmpty();
		assertThat(ResilientHttpClient.parseRetryAfter("soon")).isEmpty();
		String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME
			.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10));
		assertThat(ResilientHttpClient.parseRetryAfter(inTenSeconds)).hasValueSatisfying(
				wait -> assertThat(wait).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10)));
	}

	@Test
	void backoffGrowsExponentiallyWithJitterUpToTheMaximum() {
		ResilientHttpClient client = new ResilientHttpClient("demo", HttpClient.newHttpClient(),
				new RetrySettings(10, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofSeconds(60)), breaker,
				response -> false);
		for (int i = 0; i < 50; i++) {
			assertThat(client.backoff(1)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
			assertThat(client.backoff(3)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
			assertThat(client.backoff(9)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
		}
	}

}
