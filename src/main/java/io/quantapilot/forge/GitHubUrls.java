package io.quantapilot.forge;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises repository URLs of the configured GitHub host: {@code https://<host>/<owner>/<repo>} with
 * an optional {@code .git} and trailing slash, nothing else (no credentials, query or fragment). The
 * scheme must be the web host's own, which is {@code https} unless an administrator configured
 * otherwise.
 */
public final class GitHubUrls {

	private static final Pattern PATH = Pattern.compile("/([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/([A-Za-z0-9._-]{1,100}?)(?:\\.git)?/?");

	private GitHubUrls() {
	}

	/**
	 * A repository's owner and name.
	 *
	 * @param owner owner login
	 * @param name repository name
	 */
	public record OwnerAndName(String owner, String name) {
	}

	/** The owner and name when {@code url} is a repository URL of the GitHub web host {@code web}. */
	public static Optional<OwnerAndName> parse(String url, URI web) {
		if (url == null || web == null) {
			return Optional.empty();
		}
		URI uri;
		try {
			uri = new URI(url.strip());
		}
		catch (URISyntaxException ex) {
			return Optional.empty();
		}
		if (uri.getScheme() == null || !uri.getScheme().equalsIgnoreCase(web.getScheme()) || uri.getHost() == null
				|| !uri.getHost().equalsIgnoreCase(web.getHost()) || uri.getPort() != web.getPort()
				|| uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
				|| uri.getPath() == null) {
			return Optional.empty();
		}
		Matcher matcher = PATH.matcher(uri.getPath());
		if (!matcher.matches() || matcher.group(2).equals(".") || matcher.group(2).contains("..")) {
			return Optional.empty();
		}
		return Optional.of(new OwnerAndName(matcher.group(1), matcher.group(2)));
	}

}
