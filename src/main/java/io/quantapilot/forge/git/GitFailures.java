package io.quantapilot.forge.git;

import java.util.Locale;

import org.eclipse.jgit.api.errors.CheckoutConflictException;
import org.eclipse.jgit.errors.LockFailedException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.TransportException;

import io.quantapilot.forge.GitOperationException;

/**
 * Translates JGit's exceptions into the module's {@link GitOperationException}, deciding which
 * failures a retry may cure.
 */
final class GitFailures {

	private GitFailures() {
	}

	static GitOperationException wrap(String what, Exception cause) {
		if (cause instanceof GitOperationException known) {
			return known;
		}
		if (cause instanceof CheckoutConflictException conflict) {
			return new GitOperationException(what + ": uncommitted changes would be overwritten in "
					+ conflict.getConflictingPaths(), cause, false);
		}
		return new GitOperationException(what + ": " + describe(cause), cause, isTransient(cause));
	}

	/**
	 * Unreachable remotes and timeouts come and go, and a held lock is released by its owner; a
	 * missing repository or rejected credentials stay that way until someone fixes them, so
	 * retrying those would only burn attempts.
	 */
	private static boolean isTransient(Throwable failure) {
		boolean transport = false;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof NoRemoteRepositoryException) {
				return false;
			}
			if (cause instanceof LockFailedException) {
				return true;
			}
			if (cause instanceof TransportException || cause instanceof org.eclipse.jgit.api.errors.TransportException) {
				String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
				if (message.contains("not authorized") || message.contains("authentication is required")) {
					return false;
				}
				transport = true;
			}
		}
		return transport;
	}

	private static String describe(Exception cause) {
		String message = cause.getMessage();
		return (message == null || message.isBlank()) ? cause.getClass().getSimpleName() : message.strip();
	}

}
