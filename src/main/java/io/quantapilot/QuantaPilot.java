package io.quantapilot;

import io.quantapilot.ops.cli.RootCommand;

/** Entry point of the {@code quantapilot} command line; {@code server} starts the application. */
public final class QuantaPilot {

	private QuantaPilot() {
	}

	public static void main(String[] args) {
		System.exit(RootCommand.execute(args));
	}

}
