package io.quantapilot.forge.git;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

import io.quantapilot.forge.GitCredentials;
import io.quantapilot.forge.GitOperationException;
import io.quantapilot.forge.RefConflictException;

/**
 * The network side of a workspace: fetch, push and ls-remote against {@code origin}, with
 * credentials handed to the transport per call and push results checked ref by ref (JGit
 * reports a rejected push as a status, not as an exception).
 */
final class Origin {

	static final String NAME = "origin";

	/** Idle time after which a stalled transfer is abandoned, in seconds. */
	private static final int TIMEOUT_SECONDS = 120;

	private final Git git;

	private final URI uri;

	private final GitCredentials credentials;

	Origin(Git git, URI uri, GitCredentials credentials) {
		this.git = git;
		this.uri = uri;
		this.credentials = credentials;
	}

	/** Applies credentials and the timeout to any transport command, including a clone. */
	static <C extends TransportCommand<C, ?>> C configure(C command, URI uri, GitCredentials credentials) {
		return command.setCredentialsProvider(provider(uri, credentials)).setTimeout(TIMEOUT_SECONDS);
	}

	private static CredentialsProvider provider(URI uri, GitCredentials credentials) {
		// Asked afresh per command so rotated tokens are picked up; null means anonymous.
		return credentials.forRemote(uri)
			.map(c -> (CredentialsProvider) new UsernamePasswordCredentialsProvider(c.username(), c.secret()))
			.orElse(null);
	}

	/** Updates {@code refs/remotes/origin/*}, pruning branches deleted on the remote; no tags. */
	void fetch() {
		try {
			configure(this.git.fetch(), this.uri, this.credentials).setRemote(NAME)
				.setRemoveDeletedRefs(true)
				.setTagOpt(TagOpt.NO_TAGS)
				.call();
		}
		catch (GitAPIException ex) {
			throw GitFailures.wrap("Cannot fetch from " + this.uri, ex);
		}
	}

	/** Fetches exactly the given refspecs, for example one tag. */
	void fetch(RefSpec... specs) {
		try {
			configure(this.git.fetch(), this.uri, this.credentials).setRemote(NAME)
				.setRefSpecs(specs)
				.setTagOpt(TagOpt.NO_TAGS)
				.call();
		}
		catch (GitAPIException ex) {
			throw GitFailures.wrap("Cannot fetch from " + this.uri, ex);
		}
	}

	/** Lists refs as the remote advertises them now, without touching local refs. */
	Collection<Ref> list(boolean heads, boolean tags) {
		try {
			return configure(this.git.lsRemote(), this.uri, this.credentials).setRemote(NAME)
				.setHeads(heads)
				.setTags(tags)
				.call();
		}
		catch (GitAPIException ex) {
			throw GitFailures.wrap("Cannot list refs of " + this.uri, ex);
		}
	}

	/** What the remote's {@code HEAD} resolves to, if it points at a commit. */
	Optional<ObjectId> head() {
		try {
			Ref head = configure(this.git.lsRemote(), this.uri, this.credentials).setRemote(NAME)
				.callAsMap()
				.get(Constants.HEAD);
			return Optional.ofNullable(head).map(Ref::getObjectId);
		}
		catch (GitAPIException ex) {
			throw GitFailures.wrap("Cannot list refs of " + this.uri, ex);
		}
	}

	/**
	 * Pushes without force and fails unless every ref was updated, already up to date, or (for a
	 * deletion) already gone.
	 * @param rejectionIsTransient whether a non-fast-forward rejection can be cured by fetching
	 * and trying again
	 */
	void push(RefSpec spec, boolean rejectionIsTransient) {
		Iterable<PushResult> results;
		try {
			results = configure(this.git.push(), this.uri, this.credentials).setRemote(NAME)
				.setRefSpecs(spec)
				.setForce(false)
				.call();
		}
		catch (GitAPIException ex) {
			throw GitFailures.wrap("Cannot push " + spec + " to " + this.uri, ex);
		}
		List<String> failures = new ArrayList<>();
		for (PushResult result : results) {
			for (RemoteRefUpdate update : result.getRemoteUpdates()) {
				switch (update.getStatus()) {
					case OK, UP_TO_DATE, NON_EXISTING -> {
						// done, or done by an earlier attempt
					}
					case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> throw new RefConflictException(
							"Push of " + update.getRemoteName() + " to " + this.uri
									+ " was rejected: the remote has commits this workspace lacks",
							rejectionIsTransient);
					default -> failures.add(update.getRemoteName() + " " + update.getStatus()
							+ (update.getMessage() != null ? " (" + update.getMessage() + ")" : ""));
				}
			}
		}
		if (!failures.isEmpty()) {
			throw new GitOperationException("Push to " + this.uri + " failed: " + String.join(", ", failures));
		}
	}

}
