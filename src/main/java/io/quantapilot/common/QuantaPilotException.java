package io.quantapilot.common;

import java.util.Map;

/**
 * Root of QuantaPilot's error taxonomy. Each subclass maps to one API error code; {@link #isTransient()}
 * tells retry logic whether trying again can help.
 */
public class QuantaPilotException extends RuntimeException {

	private final Map<String, Object> details;

	public QuantaPilotException(String message) {
		this(message, Map.of(), null);
	}

	public QuantaPilotException(String message, Map<String, Object> details, Throwable cause) {
		super(message, cause);
		this.details = Map.copyOf(details);
	}

	public Map<String, Object> details() {
		return details;
	}

	/** Whether the same operation may succeed when retried later. */
	public boolean isTransient() {
		return false;
	}

	/** The thing asked for does not exist. */
	public static class NotFound extends QuantaPilotException {

		public NotFound(String what, Object id) {
			super(what + " " + id + " not found", Map.of("id", String.valueOf(id)), null);
		}

	}

	/** The request contradicts the current state (deciding twice, resuming a running project). */
	public static class Conflict extends QuantaPilotException {

		public Conflict(String message) {
			super(message);
		}

	}

	/** The caller is known but not allowed to do this. */
	public static class Forbidden extends QuantaPilotException {

		public Forbidden(String message) {
			super(message);
		}

	}

	/** The input is invalid; {@code field} names the offending field when there is one. */
	public static class InvalidRequest extends QuantaPilotException {

		public InvalidRequest(String message) {
			super(message);
		}

		public InvalidRequest(String field, String message) {
			super(message, Map.of("field", field), null);
		}

	}

	/** A failure that may go away on a retry (a busy resource, a network hiccup). */
	public static class TransientFailure extends QuantaPilotException {

		public TransientFailure(String message, Throwable cause) {
			super(message, Map.of(), cause);
		}

		@Override
		public boolean isTransient() {
			return true;
		}

	}

}
