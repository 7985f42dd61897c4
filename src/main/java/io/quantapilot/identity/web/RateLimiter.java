package io.quantapilot.identity.web;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

import io.quantapilot.identity.IdentitySettings;

import org.springframework.stereotype.Component;

/** A fixed one-minute window per API key, kept in memory (each API node limits its own traffic). */
@Component
class RateLimiter {

	private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

	private final int limit;

	private final Clock clock;

	@org.springframework.beans.factory.annotation.Autowired
	RateLimiter(IdentitySettings settings) {
		this(settings.rateLimitPerMinute(), Clock.systemUTC());
	}

	RateLimiter(int limit, Clock clock) {
		this.limit = limit;
		this.clock = clock;
	}

	record Decision(boolean allowed, int limit, int remaining, long resetEpochSeconds, long retryAfterSeconds) {
	}

	private record Window(long minute, int used) {
	}

	Decision acquire(String key) {
		long now = clock.millis();
		long minute = now / 60_000;
		Window window = windows.compute(key, (k, w) -> (w == null || w.minute() != minute) ? new Window(minute, 1)
				: new Window(minute, w.used() + 1));
		long reset = (minute + 1) * 60;
		boolean allowed = window.used() <= limit;
		if (windows.size() > 10_000) {
			windows.entrySet().removeIf(e -> e.getValue().minute() < minute);
		}
		return new Decision(allowed, limit, Math.max(0, limit - window.used()), reset,
				Math.max(1, reset - now / 1000));
	}

}
