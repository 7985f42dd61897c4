package io.quantapilot.ops.cli;

/** Entry point of the {@code quantapilot} command line; {@code server} starts the application. */
public final class Main {

	private Main() {
	}

	public static void main(String[] args) {
		System.exit(RootCommand.execute(args));
	}

}
