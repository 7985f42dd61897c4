package io.quantapilot.ops.backup;

/** A backup or restore that cannot go on; the message says why and what to do, without secrets. */
public final class BackupException extends RuntimeException {

	public BackupException(String message) {
		super(message);
	}

}
