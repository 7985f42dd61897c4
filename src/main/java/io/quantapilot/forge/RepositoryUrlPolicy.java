package io.quantapilot.forge;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

import io.quantapilot.common.QuantaPilotException;

import org.springframework.stereotype.Component;

/**
 * Which repositories a project may start from ({@code repository_url}) and which forge it may name
 * ({@code configuration.forge}). Accepted are only repository URLs of the configured GitHub host (by
 * default {@code https://github.com/<owner>/<repo>}) and the local forge's own clone URLs; everything
 * else, in particular {@code file:} and other schemes, credentials in the URL, and internal, loopback
 * or link-local addresses, is refused with a 400 before anything is cloned, so the platform cannot be
 * made to read its own disk or probe the network it runs in.
 */
@Component
public class RepositoryUrlPolicy {

	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	private final ForgeSettings settings;

	private final LocalForgeUrls urls;

	RepositoryUrlPolicy(ForgeSettings settings, LocalForgeUrls urls) {
		this.settings = settings;
		this.urls = urls;
	}

	/**
	 * Refuses a repository URL the platform must not clone, or cannot build on with the project's forge
	 * ({@code forge}, else the default): a GitHub project works in a GitHub repository.
	 * @throws QuantaPilotException.InvalidRequest naming the field {@code repository_url}
	 */
	public void checkRepositoryUrl(String value, Object forge) {
		checkRepositoryUrl(value);
		String provider = forge instanceof String name ? name : settings.provider();
		if ("github".equals(provider) && GitHubUrls.parse(value.strip(), settings.github().web()).isEmpty()) {
			throw invalid("a project on the github forge starts from a repository on " + settings.github().web()
					+ ", not from " + value.strip());
		}
	}

	/**
	 * Refuses a repository URL the platform must not clone.
	 * @throws QuantaPilotException.InvalidRequest naming the field {@code repository_url}
	 */
	public void checkRepositoryUrl(String value) {
		String url = value.strip();
		if (url.length() > 500) {
			throw invalid("repository_url must be at most 500 characters");
		}
		URI web = settings.github().web();
		if (GitHubUrls.parse(url, web).isPresent()) {
			return;
		}
		if (urls.isOwnUrl(url)) {
			if (urls.resolve(url).isEmpty()) {
				throw invalid("the local forge has no repository at " + url);
			}
			return;
		}
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw invalid("repository_url is not a URL");
		}
		String scheme = uri.getScheme() != null ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		String accepted = "only " + web + "/<owner>/<repository> URLs and this server's /git/ URLs are accepted";
		if (!scheme.equals("https")) {
			throw invalid((scheme.isEmpty() ? "repository_url is not an absolute URL" : scheme + ": URLs are not accepted")
					+ "; " + accepted);
		}
		if (uri.getRawUserInfo() != null) {
			throw invalid("repository_url must not contain credentials; " + accepted);
		}
		String host = uri.getHost();
		if (host == null) {
			throw invalid("repository_url has no host; " + accepted);
		}
		if (isInternal(host)) {
			throw invalid("internal, loopback and link-local addresses are not accepted; " + accepted);
		}
		throw invalid(host + " is not the configured GitHub host; " + accepted);
	}

	/**
	 * Refuses an unknown forge, or GitHub when it is not configured.
	 * @throws QuantaPilotException.InvalidRequest naming the field {@code configuration.forge}
	 */
	public void checkForge(Object value) {
		if (value == null) {
			return;
		}
		if (!(value instanceof String name) || !ForgeSettings.PROVIDERS.contains(name)) {
			throw new QuantaPilotException.InvalidRequest("configuration.forge",
					"forge must be one of " + String.join(", ", ForgeSettings.PROVIDERS));
		}
		if ("github".equals(name) && !settings.github().hasToken()) {
			throw new QuantaPilotException.InvalidRequest("configuration.forge",
					"the github forge is not configured on this server (quantapilot.forge.github.token)");
		}
	}

	/** Loopback, private, link-local, unique-local, unspecified or multicast literals, and local names. */
	static boolean isInternal(String host) {
		String name = host.toLowerCase(Locale.ROOT);
		if (name.startsWith("[") && name.endsWith("]")) {
			name = name.substring(1, name.length() - 1);
		}
		if (name.equals("localhost") || name.endsWith(".localhost") || name.endsWith(".local")
				|| name.endsWith(".internal") || name.endsWith(".home.arpa") || !name.contains(".") && !name.contains(":")) {
			return true;
		}
		if (!IPV4.matcher(name).matches() && !name.contains(":")) {
			return false;
		}
		try {
			// A literal address: parsed, never looked up.
			InetAddress address = InetAddress.getByName(name);
			byte[] bytes = address.getAddress();
			boolean uniqueLocal = address instanceof Inet6Address && (bytes[0] & 0xfe) == 0xfc;
			boolean sharedSpace = bytes.length == 4 && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
			return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
					|| address.isAnyLocalAddress() || address.isMulticastAddress() || uniqueLocal || sharedSpace
					|| (bytes.length == 4 && bytes[0] == 0);
		}
		catch (UnknownHostException ex) {
			return true;
		}
	}

	private static QuantaPilotException.InvalidRequest invalid(String message) {
		return new QuantaPilotException.InvalidRequest("repository_url", message);
	}

}
