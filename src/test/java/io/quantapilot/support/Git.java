package io.quantapilot.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real git command line, as a user of a generated repository would. */
public final class Git {

	private Git() {
	}

	public static String run(Path dir, String... args) {
		List<String> command = new ArrayList<>();
		command.add("git");
		command.addAll(List.of(args));
		try {
			Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new AssertionError("git " + String.join(" ", args) + " failed: " + output);
			}
			return output;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Clones from the server's local forge with an API key, the way a person does once read access needs
	 * one: the key goes in a header for this command only, never into the clone's configuration.
	 */
	public static String cloneWithKey(Path dir, String url, Path target, String apiKey) {
		return run(dir, "-c", "http.extraHeader=Authorization: Bearer " + apiKey, "clone", "-q", url,
				target.toString());
	}

	public static List<String> lines(Path dir, String... args) {
		return run(dir, args).lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
	}

}
