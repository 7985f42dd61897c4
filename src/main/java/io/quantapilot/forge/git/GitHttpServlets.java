package io.quantapilot.forge.git;

import java.util.Objects;

import jakarta.servlet.http.HttpServlet;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.http.server.resolver.AsIsFileService;
import org.eclipse.jgit.transport.resolver.ServiceNotEnabledException;

import io.quantapilot.forge.LocalRepositories;

/**
 * Builds the servlet that serves the local forge over git's smart HTTP protocol, read-only:
 * {@code git clone http://host/git/<owner>/<repo>.git} works, {@code git push} is refused with
 * 403 Forbidden.
 * <p>
 * Register the servlet under {@code /git/*}; it takes the repository from the path after that
 * prefix. Clients POST to {@code git-upload-pack}, so the mapping needs to be exempt from CSRF
 * protection.
 */
public final class GitHttpServlets {

	private GitHttpServlets() {
	}

	/**
	 * Creates the read-only smart HTTP servlet for the repositories of a local forge.
	 * @param repositories the local forge
	 * @return a servlet to register under {@code /git/*}
	 */
	public static HttpServlet readOnly(LocalRepositories repositories) {
		Objects.requireNonNull(repositories, "repositories");
		GitServlet servlet = new GitServlet();
		servlet.setRepositoryResolver(new LocalRepositoryResolver(repositories));
		// Pushes reach the forge only from platform workspaces, through the file system. The
		// default factory would accept authenticated pushes; this one refuses every push with
		// 403 instead of the 404 an unregistered service would give.
		servlet.setReceivePackFactory((request, repository) -> {
			throw new ServiceNotEnabledException("This forge is read-only over HTTP");
		});
		// Only the smart protocol: the dumb one would serve raw files out of the git directory.
		servlet.setAsIsFileService(AsIsFileService.DISABLED);
		return servlet;
	}

}
