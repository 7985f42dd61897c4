package io.quantapilot.ops.cli;

/** An error the command line reports in one line, without a stack trace. */
final class CliException extends RuntimeException {

	CliException(String message) {
		super(message);
	}

}
