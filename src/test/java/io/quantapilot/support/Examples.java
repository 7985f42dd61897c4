package io.quantapilot.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The example READMEs shipped in {@code examples/}. */
public final class Examples {

	public static final Path ROOT = Path.of("examples");

	private Examples() {
	}

	public static Path path(String name) {
		return ROOT.resolve(name).resolve("README.md");
	}

	public static String readme(String name) {
		try {
			return Files.readString(path(name));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
