package io.quantapilot.agents.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The environment an agent CLI runs with. It is not the server's: that holds the database password, the admin key
 * and every other provider's key. The child gets what tools need to work (paths, home, locale, proxies,
 * certificates, toolchain locations), the variables its provider names (its own API key), and fixed values from
 * the configuration. Values that look like secrets are remembered so they can be masked in anything logged.
 */
final class ChildEnvironment {

	/** What any CLI needs to find its tools, its config and the network; no credentials. */
	static final List<String> BASE = List.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "LC_*",
			"TZ", "TMPDIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR",
			"http_proxy", "https_proxy", "no_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY",
			"SSL_CERT_FILE", "SSL_CERT_DIR", "NODE_EXTRA_CA_CERTS", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "JAVA_HOME",
			"MAVEN_HOME", "M2_HOME", "GRADLE_USER_HOME", "PYENV_ROOT", "PYENV_VERSION", "VIRTUAL_ENV", "CONDA_PREFIX",
			"NVM_DIR", "NVM_BIN", "VOLTA_HOME", "GOPATH", "GOROOT", "CARGO_HOME", "RUSTUP_HOME");

	private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL).*");

	private final Map<String, String> variables;

	private final Set<String> secrets;

	private ChildEnvironment(Map<String, String> variables, Set<String> secrets) {
		this.variables = variables;
		this.secrets = secrets;
	}

	/**
	 * Builds the environment.
	 *
	 * @param server the server's environment
	 * @param passthrough names (or prefixes ending in {@code *}) of server variables handed on beside {@link #BASE}
	 * @param fixed variables with configured values; they win over the server's
	 */
	static ChildEnvironment of(Map<String, String> server, Collection<String> passthrough, Map<String, String> fixed) {
		List<String> patterns = new ArrayList<>(BASE);
		patterns.addAll(passthrough);
		Map<String, String> variables = new LinkedHashMap<>();
		Set<String> secrets = new LinkedHashSet<>();
		server.forEach((name, value) -> {
			if (patterns.stream().anyMatch(p -> matches(p, name))) {
				variables.put(name, value);
				if (SECRET_NAME.matcher(name).matches()) {
					secrets.add(value);
				}
			}
		});
		fixed.forEach((name, value) -> {
			if (name != null && !name.isBlank() && value != null) {
				variables.put(name, value);
				secrets.add(value);
			}
		});
		// Colour codes and progress bars only garble a log that is read as text.
		variables.putIfAbsent("NO_COLOR", "1");
		variables.putIfAbsent("TERM", "dumb");
		return new ChildEnvironment(variables, secrets);
	}

	private static boolean matches(String pattern, String name) {
		if (pattern == null || pattern.isBlank()) {
			return false;
		}
		String p = pattern.strip();
		return p.endsWith("*") ? name.startsWith(p.substring(0, p.length() - 1)) : name.equals(p);
	}

	Map<String, String> variables() {
		return variables;
	}

	String get(String name) {
		return variables.get(name);
	}

	/** A masker for the secrets handed to the child. */
	Redactor redactor() {
		return new Redactor(secrets);
	}

	/** A masker for the secrets handed to the child and some more (secret values on its command line). */
	Redactor redactor(Collection<String> more) {
		Set<String> all = new LinkedHashSet<>(secrets);
		all.addAll(more);
		return new Redactor(all);
	}

	/** Masks secret values in text that is logged or put into an error message. */
	static final class Redactor {

		// Short values would mask ordinary words; real keys are long.
		private static final int MIN_SECRET_LENGTH = 8;

		private final List<String> secrets;

		Redactor(Collection<String> secrets) {
			this.secrets = secrets.stream().filter(s -> s != null && s.length() >= MIN_SECRET_LENGTH).distinct().toList();
		}

		String apply(String text) {
			if (text == null || secrets.isEmpty()) {
				return text;
			}
			String result = text;
			for (String secret : secrets) {
				result = result.replace(secret, "***");
			}
			return result;
		}

	}

}
