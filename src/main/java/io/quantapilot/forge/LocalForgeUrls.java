package io.quantapilot.forge;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

import io.quantapilot.common.ServerAddress;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The local forge's own clone URLs, {@code <base>/git/<owner>/<name>.git}: how they are made, and which
 * bare repository one names (so the platform reads its own repositories from disk, not over HTTP).
 */
@Component
public class LocalForgeUrls {

	private final Supplier<String> baseUrl;

	private final LocalRepositories repositories;

	@Autowired
	LocalForgeUrls(ServerAddress address, LocalRepositories repositories) {
		this(address::baseUrl, repositories);
	}

	LocalForgeUrls(Supplier<String> baseUrl, LocalRepositories repositories) {
		this.baseUrl = baseUrl;
		this.repositories = repositories;
	}

	/** The clone URL of a bare repository, or its path when this process serves no HTTP. */
	public String cloneUrl(Path bare, String owner, String name) {
		String base = baseUrl.get();
		if (base.isEmpty()) {
			return bare.toAbsolutePath().normalize().toString();
		}
		return base + "/git/" + owner + "/" + name + ".git";
	}

	/** Whether the URL points at this server's {@code /git/}, whether or not the repository exists. */
	public boolean isOwnUrl(String url) {
		String base = baseUrl.get();
		return !base.isEmpty() && url != null && url.startsWith(base + "/git/");
	}

	/** The bare repository a URL of this server names, if it exists. */
	public Optional<Path> resolve(String url) {
		if (!isOwnUrl(url)) {
			return Optional.empty();
		}
		String rest;
		try {
			rest = URI.create(url).getPath().substring(URI.create(baseUrl.get() + "/git/").getPath().length());
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		String[] parts = rest.replaceAll("/+$", "").split("/");
		if (parts.length != 2) {
			return Optional.empty();
		}
		String name = parts[1].endsWith(".git") ? parts[1].substring(0, parts[1].length() - 4) : parts[1];
		if (!LocalRepositories.isValidName(parts[0]) || !LocalRepositories.isValidName(name)) {
			return Optional.empty();
		}
		return repositories.find(parts[0], name);
	}

}
