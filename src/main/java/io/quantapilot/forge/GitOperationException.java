package io.quantapilot.forge;

import java.util.Map;

import io.quantapilot.common.QuantaPilotException;

/**
 * A git operation on a workspace or the local forge failed.
 * <p>
 * {@link #isTransient()} tells a retrying caller whether trying again may help (the remote was
 * unreachable, a lock was held, or the remote moved under us) or whether the failure needs a
 * change first (a conflict, rejected credentials, a corrupt repository).
 */
public class GitOperationException extends QuantaPilotException {

	private static final long serialVersionUID = 1L;

	private final boolean transientFailure;

	/**
	 * Creates a permanent failure.
	 * @param message what failed, without secrets
	 */
	public GitOperationException(String message) {
		this(message, null, false);
	}

	/**
	 * Creates a failure.
	 * @param message what failed, without secrets
	 * @param cause the underlying error, may be {@code null}
	 * @param transientFailure whether a retry may succeed without any change
	 */
	public GitOperationException(String message, Throwable cause, boolean transientFailure) {
		this(message, Map.of(), cause, transientFailure);
	}

	/**
	 * Creates a failure with details for the API error body.
	 * @param message what failed, without secrets
	 * @param details machine-readable details
	 * @param cause the underlying error, may be {@code null}
	 * @param transientFailure whether a retry may succeed without any change
	 */
	protected GitOperationException(String message, Map<String, Object> details, Throwable cause,
			boolean transientFailure) {
		super(message, details, cause);
		this.transientFailure = transientFailure;
	}

	@Override
	public boolean isTransient() {
		return this.transientFailure;
	}

}
