package io.quantapilot.notifications.telegram;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TelegramRateLimiterUnitTests {

	@Test
	void aChatGetsAShortBurstThenOneMessagePerInterval() {
		TelegramRateLimiter limiter = new TelegramRateLimiter(30, 1.0);
		for (int i = 0; i < 5; i++) {
			assertThat(limiter.reserve(1)).isZero();
		}
		Duration wait = limiter.reserve(1);
		assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
		assertThat(limiter.reserve(2)).as("other chats are not held back").isZero();
	}

	@Test
	void theWholeBotStaysUnderItsGlobalRate() {
		TelegramRateLimiter limiter = new TelegramRateLimiter(3, 100);
		assertThat(limiter.reserve(1)).isZero();
		assertThat(limiter.reserve(2)).isZero();
		assertThat(limiter.reserve(3)).isZero();
		assertThat(limiter.reserve(4)).isPositive();
	}

	@Test
	void a429HoldsTheChatBackForRetryAfter() {
		TelegramRateLimiter limiter = new TelegramRateLimiter(30, 1.0);
		limiter.block(7, Duration.ofSeconds(3));
		assertThat(limiter.reserve(7)).isGreaterThan(Duration.ofMillis(2500));
		assertThat(limiter.reserve(8)).isZero();
	}

}
