package io.quantapilot.agents.cursorcloud;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

/**
 * Wakes the poller of a cloud agent when its webhook arrives, so a finished agent is noticed at once rather
 * than at the next poll. Only agents polled by this process are known; signals for others are ignored (in a
 * split deployment the webhook may reach another process, and polling still notices the end).
 */
@Component
class CloudAgentSignals {

	private final Map<String, Semaphore> waiting = new ConcurrentHashMap<>();

	void register(String agentId) {
		waiting.putIfAbsent(agentId, new Semaphore(0));
	}

	void unregister(String agentId) {
		waiting.remove(agentId);
	}

	/** Wakes the poller of the agent; returns whether this process polls it. */
	boolean signal(String agentId) {
		Semaphore semaphore = agentId != null ? waiting.get(agentId) : null;
		if (semaphore == null) {
			return false;
		}
		semaphore.release();
		return true;
	}

	/** Waits until the agent is signalled or the time is up; returns whether it was signalled. */
	boolean await(String agentId, Duration timeout) throws InterruptedException {
		Semaphore semaphore = waiting.get(agentId);
		if (semaphore == null) {
			Thread.sleep(timeout.toMillis());
			return false;
		}
		boolean signalled = semaphore.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
		semaphore.drainPermits();
		return signalled;
	}

}
