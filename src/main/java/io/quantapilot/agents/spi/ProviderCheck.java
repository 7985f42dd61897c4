package io.quantapilot.agents.spi;

/**
 * The result of checking a provider's configuration, credentials and reachability.
 *
 * @param provider the provider's name
 * @param ok whether it can run agents now
 * @param message what was checked, or what is wrong and how to fix it
 */
public record ProviderCheck(String provider, boolean ok, String message) {

	public static ProviderCheck ok(String provider, String message) {
		return new ProviderCheck(provider, true, message);
	}

	public static ProviderCheck problem(String provider, String message) {
		return new ProviderCheck(provider, false, message);
	}

}
