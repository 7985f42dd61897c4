package io.quantapilot.agents.cli;

/**
 * Whether a provider can run here, checked without starting an agent: the configured binary is found, the
 * credentials it needs are present. Meant for {@code quantapilot agents verify} and a check before a project
 * starts.
 *
 * @param provider the provider name
 * @param ok whether it is usable
 * @param message what was found, or what is missing and how to fix it (never a secret)
 */
public record ProviderCheck(String provider, boolean ok, String message) {

	static ProviderCheck ok(String provider, String message) {
		return new ProviderCheck(provider, true, message);
	}

	static ProviderCheck problem(String provider, String message) {
		return new ProviderCheck(provider, false, message);
	}

}
