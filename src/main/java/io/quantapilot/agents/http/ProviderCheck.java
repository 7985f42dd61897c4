package io.quantapilot.agents.http;

/**
 * The answer of a provider's configuration and reachability check ({@code ./quantapilot agents verify}).
 *
 * @param provider the provider's configuration name
 * @param ok whether the provider can be used as configured
 * @param message what was checked, or what is wrong and which setting fixes it
 */
public record ProviderCheck(String provider, boolean ok, String message) {

	public static ProviderCheck ok(String provider, String message) {
		return new ProviderCheck(provider, true, message);
	}

	public static ProviderCheck problem(String provider, String message) {
		return new ProviderCheck(provider, false, message);
	}

}
