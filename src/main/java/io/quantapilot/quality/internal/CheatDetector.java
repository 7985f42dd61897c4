package io.quantapilot.quality.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares a stage before and after a fix attempt and lists what looks like winning by cheating
 * rather than by fixing: deleted test files, fewer tests, more skipped tests, fewer assertions in
 * changed test files, new skip or expected-failure markers, and changed test or coverage settings
 * of the build. Each finding is a sentence a person (or the next attempt) can check.
 */
public final class CheatDetector {

	private CheatDetector() {
	}

	/**
	 * Test counts of one run, as far as they are known.
	 *
	 * @param ran tests that ran (not skipped), or {@code -1} when unknown
	 * @param skipped tests that were skipped, or {@code -1} when unknown
	 */
	public record RunCounts(int ran, int skipped) {

		/** Counts of a run whose results could not be read. */
		public static final RunCounts UNKNOWN = new RunCounts(-1, -1);

		boolean known() {
			return this.ran >= 0 && this.skipped >= 0;
		}

	}

	/**
	 * Lists the evidence of cheating between two attempts at the same stage.
	 *
	 * @param before the inventory the previous attempt was tested with
	 * @param beforeRun the previous attempt's test counts
	 * @param after the inventory of this attempt
	 * @param afterRun this attempt's test counts
	 * @return findings, empty when nothing suspicious changed
	 */
	public static List<String> compare(TestInventory before, RunCounts beforeRun, TestInventory after,
			RunCounts afterRun) {
		Objects.requireNonNull(before, "before");
		Objects.requireNonNull(after, "after");
		List<String> findings = new ArrayList<>();
		Set<String> afterHashes = new HashSet<>();
		after.tests().values().forEach(file -> afterHashes.add(file.hash()));

		for (Map.Entry<String, TestInventory.TestFile> entry : before.tests().entrySet()) {
			String path = entry.getKey();
			TestInventory.TestFile old = entry.getValue();
			TestInventory.TestFile now = after.tests().get(path);
			if (now == null) {
				// A file moved unchanged is no deletion.
				if (!afterHashes.contains(old.hash())) {
					findings.add("deleted test file " + path + " (" + old.cases() + " tests, " + old.assertions()
							+ " assertions)");
				}
				continue;
			}
			if (now.hash().equals(old.hash())) {
				continue;
			}
			if (now.assertions() < old.assertions()) {
				findings.add(path + ": assertions reduced from " + old.assertions() + " to " + now.assertions());
			}
			if (now.cases() < old.cases()) {
				findings.add(path + ": tests reduced from " + old.cases() + " to " + now.cases());
			}
			List<String> added = added(old.skips(), now.skips());
			if (!added.isEmpty()) {
				findings.add(path + ": skip or expected-failure markers added: " + String.join(", ", added));
			}
		}
		for (Map.Entry<String, TestInventory.TestFile> entry : after.tests().entrySet()) {
			if (!before.tests().containsKey(entry.getKey()) && !entry.getValue().skips().isEmpty()) {
				findings.add("new test file " + entry.getKey() + " carries skip or expected-failure markers: "
						+ String.join(", ", new TreeSet<>(entry.getValue().skips())));
			}
		}
		if (after.declaredTests() < before.declaredTests()) {
			findings.add("tests declared in test files dropped from " + before.declaredTests() + " to "
					+ after.declaredTests());
		}
		if (beforeRun.known() && afterRun.known()) {
			if (afterRun.ran() < beforeRun.ran()) {
				findings.add("tests run dropped from " + beforeRun.ran() + " to " + afterRun.ran());
			}
			if (afterRun.skipped() > beforeRun.skipped()) {
				findings.add("skipped tests rose from " + beforeRun.skipped() + " to " + afterRun.skipped());
			}
		}
		Set<String> guarded = new TreeSet<>(before.guards().keySet());
		guarded.addAll(after.guards().keySet());
		for (String path : guarded) {
			String old = before.guards().get(path);
			String now = after.guards().get(path);
			if (!Objects.equals(old, now)) {
				findings.add(path + ": test or coverage settings " + (old == null ? "added" : now == null ? "removed"
						: "changed") + describe(now));
			}
		}
		return findings;
	}

	// Marker texts present now more often than before.
	private static List<String> added(List<String> before, List<String> after) {
		List<String> remaining = new ArrayList<>(before);
		List<String> added = new ArrayList<>();
		for (String marker : after) {
			if (!remaining.remove(marker)) {
				added.add(marker);
			}
		}
		return added;
	}

	private static String describe(String settings) {
		if (settings == null || settings.isEmpty()) {
			return "";
		}
		String shown = settings.length() > 300 ? settings.substring(0, 300) + "…" : settings;
		return " (now: " + shown + ")";
	}

}
