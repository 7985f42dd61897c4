package io.quantapilot.forge;

/**
 * A branch or tag on the remote is not where the operation expected it: a push was rejected
 * because the remote branch moved, or a tag already exists on a different commit. Never resolved
 * by force; a retry after fetching may succeed when the remote simply moved on.
 */
public class RefConflictException extends GitOperationException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message which ref conflicts and how
	 * @param transientFailure whether fetching and retrying may resolve it
	 */
	public RefConflictException(String message, boolean transientFailure) {
		super(message, null, transientFailure);
	}

}
