package io.quantapilot.quality.internal;

import io.quantapilot.quality.TestFailure;
import io.quantapilot.quality.TestSummary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads test results from console output when a run left no JUnit XML behind. It is fed every
 * line as the output streams, before the output is cut to its limit, so counts stay right for
 * long runs. Each known format is tracked on its own and the caller's ecosystem decides which
 * one to believe first.
 * <p>
 * Formats: Maven Surefire's {@code Tests run: N, Failures: F, Errors: E, Skipped: S} totals,
 * Python unittest ({@code Ran N tests}, {@code OK}, {@code FAILED (failures=…)} and its
 * {@code FAIL:}/{@code ERROR:} blocks), pytest's closing line, the Node.js test runner's spec
 * ({@code ℹ tests N}) and TAP ({@code # tests N}) summaries, {@code go test -v}, Gradle's
 * {@code N tests completed, F failed} and a plain {@code N passed, N failed} line.
 * <p>
 * Not thread-safe; the output capture feeds it from one thread.
 */
public final class ConsoleSummaryParser {

	private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[;?0-9]*[A-Za-z]");

	private static final Pattern MAVEN_TOTALS = Pattern
		.compile("Tests run: (\\d+), Failures: (\\d+), Errors: (\\d+), Skipped: (\\d+)(.*)");

	private static final Pattern MAVEN_FAILURE_HEADER = Pattern.compile("^\\[ERROR\\] (Failures|Errors):\\s*$");

	private static final Pattern MAVEN_FAILURE_LINE = Pattern.compile("^\\[ERROR\\]\\s{2,}(\\S+?)(?::\\d+)?(?:\\s+(.*))?$");

	private static final Pattern UNITTEST_RAN = Pattern.compile("^Ran (\\d+) tests? in [\\d.]+s$");

	private static final Pattern UNITTEST_OK = Pattern.compile("^OK(?: \\((.*)\\))?$");

	private static final Pattern UNITTEST_FAILED = Pattern.compile("^FAILED \\((.*)\\)$");

	private static final Pattern UNITTEST_COUNT = Pattern
		.compile("(failures|errors|skipped|expected failures|unexpected successes)=(\\d+)");

	private static final Pattern UNITTEST_BLOCK = Pattern.compile("^(FAIL|ERROR): (\\S+) \\(([^)]*)\\)(.*)$");

	private static final Pattern DOUBLE_RULE = Pattern.compile("^={20,}$");

	private static final Pattern SINGLE_RULE = Pattern.compile("^-{20,}$");

	private static final Pattern PYTEST_TOTALS = Pattern
		.compile("^=*\\s*((?:\\d+ [a-z]+)(?:, \\d+ [a-z]+)*|no tests ran) in [\\d.]+s(?: \\([^)]*\\))?\\s*=*$");

	private static final Pattern PYTEST_COUNT = Pattern.compile("(\\d+) ([a-z]+)");

	private static final Pattern PYTEST_FAILURE = Pattern.compile("^(FAILED|ERROR) ([^\\s(]\\S*)(?: - (.*))?$");

	// Only the counts needed are named: skipped tests are what remains of "tests" after passes,
	// failures and cancellations, which also covers tests marked as not done yet.
	private static final Pattern NODE_COUNT = Pattern.compile("^(?:ℹ|#) (tests|pass|fail|cancelled|duration_ms) ([\\d.]+)$");

	private static final Pattern NODE_SPEC_FAILURE = Pattern.compile("^\\s*✖ (.+?) \\([\\d.]+m?s\\)(.*)$");

	private static final Pattern NODE_TAP_FAILURE = Pattern.compile("^\\s*not ok \\d+ - (.+?)(?: # (.*))?$");

	private static final Pattern GO_RESULT = Pattern.compile("^\\s*--- (PASS|FAIL|SKIP): (\\S+) \\(");

	private static final Pattern GO_BROKEN_PACKAGE = Pattern.compile("^FAIL\\s+\\S+\\s+\\[(build|setup) failed\\]$");

	private static final Pattern GRADLE_TOTALS = Pattern
		.compile("^(\\d+) tests completed, (\\d+) failed(?:, (\\d+) skipped)?$");

	private static final Pattern PLAIN_TOTALS = Pattern
		.compile("^(?:\\w+:\\s*)?(\\d+) passed, (\\d+) failed(?:, (\\d+) skipped)?$");

	// Which formats to believe first, per ecosystem; then the rest in this order.
	private static final List<String> FORMATS = List.of("maven", "gradle", "pytest", "unittest", "node", "go", "plain");

	private static final Map<String, List<String>> PREFERRED = Map.of("maven", List.of("maven"), "gradle",
			List.of("gradle"), "python", List.of("pytest", "unittest"), "node", List.of("node"), "go", List.of("go"));

	private final Map<String, Counts> counts = new LinkedHashMap<>();

	private final Map<String, List<TestFailure>> failures = new LinkedHashMap<>();

	private boolean mavenFailureSection;

	private TestFailure.Kind mavenFailureKind;

	private int unittestRan = -1;

	private boolean afterDoubleRule;

	private UnittestBlock unittestBlock;

	private Map<String, Integer> nodeBlock;

	private final Set<String> nodeFailureNames = new LinkedHashSet<>();

	/**
	 * Strips terminal colour codes, which Maven, npm and Node.js print even into pipes.
	 *
	 * @param line a line of output
	 * @return the line without ANSI escape sequences
	 */
	public static String stripAnsi(String line) {
		return (line.indexOf('\u001B') >= 0) ? ANSI_ESCAPE.matcher(line).replaceAll("") : line;
	}

	/**
	 * Reads one line of output.
	 *
	 * @param rawLine the line, without its line terminator
	 */
	public void accept(String rawLine) {
		String line = stripAnsi(rawLine);
		if (line.endsWith("\r")) {
			line = line.substring(0, line.length() - 1);
		}
		acceptMaven(line);
		acceptUnittest(line);
		acceptPytest(line);
		acceptNode(line.strip());
		acceptGo(line);
		acceptTotals("gradle", GRADLE_TOTALS.matcher(line.strip()));
		acceptTotals("plain", PLAIN_TOTALS.matcher(line.strip()));
	}

	/**
	 * Returns the summary of the format most likely to describe this run.
	 *
	 * @param ecosystem the test command's ecosystem, to prefer its own format
	 * @return the summary, or empty when no known summary line was seen
	 */
	public Optional<TestSummary> summary(String ecosystem) {
		// Output may end inside a block, for instance when the run was killed.
		if (this.unittestBlock != null) {
			finishUnittestBlock();
		}
		flushNodeBlock();
		Set<String> order = new LinkedHashSet<>(PREFERRED.getOrDefault(ecosystem, List.of()));
		order.addAll(FORMATS);
		for (String format : order) {
			Counts found = this.counts.get(format);
			if (found != null) {
				List<TestFailure> details = this.failures.getOrDefault(format, List.of());
				return Optional.of(new TestSummary(found.total, found.passed(), found.failed, found.errors,
						found.skipped, details, "console:" + format));
			}
		}
		return Optional.empty();
	}

	private void acceptMaven(String line) {
		Matcher totals = MAVEN_TOTALS.matcher(line);
		if (totals.find()) {
			this.mavenFailureSection = false;
			// Per-class lines carry "Time elapsed"; the module totals after "Results:" do not.
			if (!totals.group(5).contains("Time elapsed")) {
				add("maven", Integer.parseInt(totals.group(1)), Integer.parseInt(totals.group(2)),
						Integer.parseInt(totals.group(3)), Integer.parseInt(totals.group(4)));
			}
			return;
		}
		Matcher header = MAVEN_FAILURE_HEADER.matcher(line);
		if (header.matches()) {
			this.mavenFailureSection = true;
			this.mavenFailureKind = header.group(1).equals("Errors") ? TestFailure.Kind.ERROR : TestFailure.Kind.FAILURE;
			return;
		}
		if (this.mavenFailureSection) {
			Matcher failure = MAVEN_FAILURE_LINE.matcher(line);
			if (failure.matches()) {
				String message = (failure.group(2) != null) ? failure.group(2) : "";
				addFailure("maven", new TestFailure(failure.group(1), this.mavenFailureKind, message, ""));
			}
			else if (!line.startsWith("[ERROR]") || line.strip().equals("[ERROR]")) {
				this.mavenFailureSection = false;
			}
		}
	}

	private void acceptUnittest(String line) {
		if (this.unittestBlock != null) {
			if (DOUBLE_RULE.matcher(line).matches() || (this.unittestBlock.traceStarted && SINGLE_RULE.matcher(line).matches())) {
				finishUnittestBlock();
			}
			else if (!this.unittestBlock.traceStarted && SINGLE_RULE.matcher(line).matches()) {
				this.unittestBlock.traceStarted = true;
				return;
			}
			else {
				this.unittestBlock.trace.add(line);
				return;
			}
		}
		if (this.afterDoubleRule) {
			this.afterDoubleRule = false;
			Matcher block = UNITTEST_BLOCK.matcher(line);
			if (block.matches()) {
				this.unittestBlock = new UnittestBlock(unittestName(block.group(2), block.group(3)),
						block.group(1).equals("FAIL") ? TestFailure.Kind.FAILURE : TestFailure.Kind.ERROR);
				return;
			}
		}
		if (DOUBLE_RULE.matcher(line).matches()) {
			this.afterDoubleRule = true;
			return;
		}
		Matcher ran = UNITTEST_RAN.matcher(line);
		if (ran.matches()) {
			this.unittestRan = Integer.parseInt(ran.group(1));
			return;
		}
		if (this.unittestRan < 0) {
			return;
		}
		Matcher ok = UNITTEST_OK.matcher(line);
		Matcher failed = UNITTEST_FAILED.matcher(line);
		String details = ok.matches() ? ok.group(1) : failed.matches() ? failed.group(1) : null;
		if (!ok.matches() && !failed.matches()) {
			return;
		}
		Map<String, Integer> values = new LinkedHashMap<>();
		if (details != null) {
			Matcher count = UNITTEST_COUNT.matcher(details);
			while (count.find()) {
				values.put(count.group(1), Integer.parseInt(count.group(2)));
			}
		}
		// An unexpected success fails a unittest run, so it counts as a failure.
		add("unittest", this.unittestRan,
				values.getOrDefault("failures", 0) + values.getOrDefault("unexpected successes", 0),
				values.getOrDefault("errors", 0), values.getOrDefault("skipped", 0));
		this.unittestRan = -1;
	}

	private static String unittestName(String method, String context) {
		// Python 3.11+ prints "(module.Class.method)", older versions "(module.Class)".
		return context.endsWith("." + method) ? context : context + "." + method;
	}

	private void finishUnittestBlock() {
		UnittestBlock block = this.unittestBlock;
		this.unittestBlock = null;
		String message = "";
		for (int i = block.trace.size() - 1; i >= 0; i--) {
			if (!block.trace.get(i).isBlank()) {
				message = block.trace.get(i);
				break;
			}
		}
		addFailure("unittest", new TestFailure(block.name, block.kind, message, String.join("\n", block.trace)));
	}

	private void acceptPytest(String line) {
		Matcher totals = PYTEST_TOTALS.matcher(line.strip());
		if (totals.matches()) {
			Map<String, Integer> values = new LinkedHashMap<>();
			Matcher count = PYTEST_COUNT.matcher(totals.group(1));
			while (count.find()) {
				values.merge(count.group(2), Integer.parseInt(count.group(1)), Integer::sum);
			}
			int passed = values.getOrDefault("passed", 0) + values.getOrDefault("xpassed", 0);
			int failed = values.getOrDefault("failed", 0);
			int errors = values.getOrDefault("error", 0) + values.getOrDefault("errors", 0);
			// An expected failure did what was expected of it without asserting anything useful.
			int skipped = values.getOrDefault("skipped", 0) + values.getOrDefault("xfailed", 0);
			add("pytest", passed + failed + errors + skipped, failed, errors, skipped);
			return;
		}
		Matcher failure = PYTEST_FAILURE.matcher(line);
		if (failure.matches()) {
			TestFailure.Kind kind = failure.group(1).equals("FAILED") ? TestFailure.Kind.FAILURE : TestFailure.Kind.ERROR;
			addFailure("pytest", new TestFailure(failure.group(2), kind, failure.group(3), ""));
		}
	}

	private void acceptNode(String line) {
		Matcher count = NODE_COUNT.matcher(line);
		if (count.matches()) {
			String key = count.group(1);
			if (key.equals("tests")) {
				flushNodeBlock();
				this.nodeBlock = new LinkedHashMap<>();
			}
			if (this.nodeBlock != null) {
				this.nodeBlock.put(key, (int) Double.parseDouble(count.group(2)));
			}
			if (key.equals("duration_ms")) {
				// The last line of both reporters' summaries.
				flushNodeBlock();
			}
			return;
		}
		// Tests with a directive ("# SKIP" and its to-do sibling, the only two TAP knows) may show
		// as failed but do not count as failures.
		Matcher spec = NODE_SPEC_FAILURE.matcher(line);
		if (spec.matches() && !spec.group(2).contains("#")) {
			this.nodeFailureNames.add(spec.group(1));
			return;
		}
		Matcher tap = NODE_TAP_FAILURE.matcher(line);
		if (tap.matches() && tap.group(2) == null) {
			this.nodeFailureNames.add(tap.group(1));
		}
	}

	private void flushNodeBlock() {
		Map<String, Integer> block = this.nodeBlock;
		this.nodeBlock = null;
		if (block == null || !block.containsKey("pass")) {
			return;
		}
		int total = block.get("tests");
		int passed = block.get("pass");
		int failed = block.getOrDefault("fail", 0);
		// Cancelled tests (timeouts, a failing hook) did not get to assert: they count as errors.
		int cancelled = block.getOrDefault("cancelled", 0);
		add("node", total, failed, cancelled, Math.max(0, total - passed - failed - cancelled));
		List<TestFailure> named = this.failures.computeIfAbsent("node", key -> new ArrayList<>());
		named.clear();
		for (String name : this.nodeFailureNames) {
			named.add(new TestFailure(name, TestFailure.Kind.FAILURE, "", ""));
		}
	}

	private void acceptGo(String line) {
		Matcher result = GO_RESULT.matcher(line);
		if (result.find()) {
			switch (result.group(1)) {
				case "PASS" -> add("go", 1, 0, 0, 0);
				case "FAIL" -> {
					add("go", 1, 1, 0, 0);
					addFailure("go", new TestFailure(result.group(2), TestFailure.Kind.FAILURE, "", ""));
				}
				default -> add("go", 1, 0, 0, 1);
			}
			return;
		}
		if (GO_BROKEN_PACKAGE.matcher(line.strip()).matches()) {
			add("go", 1, 0, 1, 0);
			addFailure("go", new TestFailure(line.strip(), TestFailure.Kind.ERROR, "package did not build", ""));
		}
	}

	private void acceptTotals(String format, Matcher totals) {
		if (!totals.matches()) {
			return;
		}
		int first = Integer.parseInt(totals.group(1));
		int second = Integer.parseInt(totals.group(2));
		int skipped = (totals.group(3) != null) ? Integer.parseInt(totals.group(3)) : 0;
		if (format.equals("gradle")) {
			// Gradle: "N tests completed, F failed" — N already includes the failures.
			add(format, first, second, 0, skipped);
		}
		else {
			add(format, first + second + skipped, second, 0, skipped);
		}
	}

	private void add(String format, int total, int failed, int errors, int skipped) {
		this.counts.computeIfAbsent(format, key -> new Counts()).add(total, failed, errors, skipped);
	}

	private void addFailure(String format, TestFailure failure) {
		List<TestFailure> list = this.failures.computeIfAbsent(format, key -> new ArrayList<>());
		if (list.size() < TestSummary.MAX_FAILURES) {
			list.add(failure);
		}
	}

	/** Running totals of one format. */
	private static final class Counts {

		private int total;

		private int failed;

		private int errors;

		private int skipped;

		void add(int total, int failed, int errors, int skipped) {
			this.total += total;
			this.failed += failed;
			this.errors += errors;
			this.skipped += skipped;
		}

		int passed() {
			return Math.max(0, this.total - this.failed - this.errors - this.skipped);
		}

	}

	/** A unittest FAIL/ERROR block being read. */
	private static final class UnittestBlock {

		private final String name;

		private final TestFailure.Kind kind;

		private final List<String> trace = new ArrayList<>();

		private boolean traceStarted;

		UnittestBlock(String name, TestFailure.Kind kind) {
			this.name = name;
			this.kind = kind;
		}

	}

}
