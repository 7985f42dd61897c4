package io.quantapilot.forge.git;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.resolver.RepositoryResolver;

import io.quantapilot.forge.LocalRepositories;

/**
 * Maps {@code <owner>/<repo>.git} (the {@code .git} is optional) to a bare repository of the
 * local forge. Anything else, including paths that try to leave the forge root, is reported as
 * not found so the response does not reveal what exists on disk.
 */
final class LocalRepositoryResolver implements RepositoryResolver<HttpServletRequest> {

	private static final String SUFFIX = ".git";

	private final LocalRepositories repositories;

	LocalRepositoryResolver(LocalRepositories repositories) {
		this.repositories = repositories;
	}

	@Override
	public Repository open(HttpServletRequest request, String name) throws RepositoryNotFoundException {
		Path dir = locate(name).orElseThrow(() -> new RepositoryNotFoundException(String.valueOf(name)));
		try {
			// A fresh handle per request: the servlet closes it when the request ends.
			return new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).setBare().build();
		}
		catch (IOException ex) {
			throw new RepositoryNotFoundException(name, ex);
		}
	}

	Optional<Path> locate(String name) {
		if (name == null) {
			return Optional.empty();
		}
		String trimmed = stripSlashes(name);
		String[] segments = trimmed.split("/", -1);
		if (segments.length != 2) {
			return Optional.empty();
		}
		String owner = segments[0];
		String repo = segments[1].endsWith(SUFFIX)
				? segments[1].substring(0, segments[1].length() - SUFFIX.length()) : segments[1];
		if (!LocalRepositories.isValidName(owner) || !LocalRepositories.isValidName(repo)) {
			return Optional.empty();
		}
		Optional<Path> dir = this.repositories.find(owner, repo);
		// A symbolic link inside the root could still point outside of it.
		return dir.filter(this::isInsideRoot);
	}

	private boolean isInsideRoot(Path dir) {
		try {
			return dir.toRealPath().startsWith(this.repositories.root().toRealPath());
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String stripSlashes(String name) {
		int start = 0;
		int end = name.length();
		while (start < end && name.charAt(start) == '/') {
			start++;
		}
		while (end > start && name.charAt(end - 1) == '/') {
			end--;
		}
		return name.substring(start, end);
	}

}
