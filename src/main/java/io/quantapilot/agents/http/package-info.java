/**
 * What the HTTP-based agent providers share: retries with exponential backoff and jitter that honour
 * {@code Retry-After}, a circuit breaker per provider, the result of a provider's configuration check
 * and the prompt sent when the pipeline rendered none.
 */
package io.quantapilot.agents.http;
