package io.quantapilot.quality.internal;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a project's tests look like in its files at one commit: every test source with its
 * declared tests, assertions and skip markers, and the test and coverage settings of its build
 * files. Stored with each gate evaluation, so that the next attempt at the same stage can be
 * compared with it (see {@link CheatDetector}).
 *
 * @param tests test sources by path relative to the project ({@code /}-separated)
 * @param guards test and coverage settings by build file path, normalised text
 */
public record TestInventory(Map<String, TestFile> tests, Map<String, String> guards) {

	public TestInventory {
		tests = Map.copyOf(tests);
		guards = Map.copyOf(guards);
	}

	/**
	 * One test source.
	 *
	 * @param hash SHA-256 of its content, to tell changed and moved files
	 * @param cases tests it declares
	 * @param assertions assertions it makes
	 * @param skips the skip, disable, to-do and expected-failure markers it carries, as written
	 */
	public record TestFile(String hash, int cases, int assertions, List<String> skips) {

		public TestFile {
			Objects.requireNonNull(hash, "hash");
			skips = List.copyOf(skips);
		}

	}

	/**
	 * Tests declared in all test sources.
	 *
	 * @return the sum of {@link TestFile#cases()}
	 */
	public int declaredTests() {
		return this.tests.values().stream().mapToInt(TestFile::cases).sum();
	}

}
