package io.quantapilot.quality;

import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.quality.internal.ShellWords;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A project's quality gates and test run settings, read from its {@code configuration} (the keys
 * of {@link #KEYS}); every key is optional and has a default.
 * <p>
 * The configuration is the single place these settings live: {@code PUT
 * /api/v1/testing/configuration/{project_id}} writes the same keys a project may carry from its
 * creation, and both are checked here, so that a bad value is refused with a 400 naming the key
 * instead of failing a stage hours later.
 *
 * @param minTests tests that must run (not counting skipped ones); default 1
 * @param minCoverage line coverage in percent the tests must reach; default 80
 * @param failWhenCoverageNotMeasured whether coverage that cannot be measured on this host fails
 *     the gate; by default it passes with a warning, since a missing tool is the host's fault,
 *     not the project's
 * @param allowTestCountDecrease whether a stage may run fewer tests than the stage before it
 * @param extraCommands further checks (linters, audits), each passing when it exits with 0
 * @param testCommand a command line replacing the detected test command, or {@code null}
 * @param testTimeout the time limit of one test run, or {@code null} for the platform's default
 * @param networkAllowed whether test runs may use the network (dependency downloads)
 */
public record QualityPolicy(int minTests, BigDecimal minCoverage, boolean failWhenCoverageNotMeasured,
		boolean allowTestCountDecrease, List<ExtraCommand> extraCommands, String testCommand, Duration testTimeout,
		boolean networkAllowed) {

	/** The configuration keys this policy reads. */
	public static final Set<String> KEYS = Set.of("min_tests", "min_coverage", "coverage_not_measured",
			"allow_test_count_decrease", "extra_commands", "test_command", "test_timeout", "test_network");

	/** Default coverage threshold in percent. */
	public static final BigDecimal DEFAULT_MIN_COVERAGE = BigDecimal.valueOf(80);

	/** Most extra commands a project may configure. */
	public static final int MAX_EXTRA_COMMANDS = 10;

	private static final int MAX_COMMAND_CHARS = 1_000;

	private static final int MAX_MIN_TESTS = 100_000;

	private static final Duration MIN_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration MAX_TIMEOUT = Duration.ofHours(6);

	private static final Pattern COMMAND_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,49}");

	/**
	 * An extra check run after the tests.
	 *
	 * @param name short name, shown as gate {@code command:<name>}
	 * @param command the command line, split like a shell would but run without one
	 */
	public record ExtraCommand(String name, String command) {

		public ExtraCommand {
			Objects.requireNonNull(name, "name");
			Objects.requireNonNull(command, "command");
		}

		/**
		 * The argument vector to run.
		 *
		 * @return the split command line
		 */
		public List<String> argv() {
			return ShellWords.split(this.command);
		}

	}

	public QualityPolicy {
		Objects.requireNonNull(minCoverage, "minCoverage");
		extraCommands = List.copyOf(extraCommands);
	}

	/**
	 * The policy of a project without any of the keys.
	 *
	 * @return the defaults
	 */
	public static QualityPolicy defaults() {
		return new QualityPolicy(1, DEFAULT_MIN_COVERAGE, false, false, List.of(), null, null, true);
	}

	/**
	 * Reads the policy from a project's configuration; keys other than {@link #KEYS} are ignored.
	 *
	 * @param configuration the project's configuration
	 * @return the policy
	 * @throws QuantaPilotException.InvalidRequest when a key has an invalid value
	 */
	public static QualityPolicy from(Map<String, ?> configuration) {
		validate(configuration, "configuration.");
		QualityPolicy defaults = defaults();
		Object minTests = configuration.get("min_tests");
		Object minCoverage = configuration.get("min_coverage");
		Object timeout = configuration.get("test_timeout");
		return new QualityPolicy(minTests != null ? ((Number) minTests).intValue() : defaults.minTests(),
				minCoverage != null ? new BigDecimal(minCoverage.toString()) : defaults.minCoverage(),
				"fail".equals(configuration.get("coverage_not_measured")),
				Boolean.TRUE.equals(configuration.get("allow_test_count_decrease")),
				extraCommands(configuration.get("extra_commands")), (String) configuration.get("test_command"),
				timeout != null ? Duration.parse((String) timeout) : null,
				!"denied".equals(configuration.get("test_network")));
	}

	/**
	 * Checks the keys of {@link #KEYS} that are present; other keys are left to their owners.
	 *
	 * @param configuration the configuration or the body of a configuration request
	 * @param fieldPrefix prefix of the field named in errors ({@code configuration.} or empty)
	 * @throws QuantaPilotException.InvalidRequest naming the first invalid key
	 */
	public static void validate(Map<String, ?> configuration, String fieldPrefix) {
		for (String key : KEYS) {
			if (!configuration.containsKey(key)) {
				continue;
			}
			Object value = configuration.get(key);
			String field = fieldPrefix + key;
			if (value == null) {
				throw invalid(field, key + " must not be null; leave it out for the default");
			}
			switch (key) {
				case "min_tests" -> {
					if (!(isWholeNumber(value) && ((Number) value).longValue() >= 0
							&& ((Number) value).longValue() <= MAX_MIN_TESTS)) {
						throw invalid(field, "min_tests must be a whole number from 0 to " + MAX_MIN_TESTS);
					}
				}
				case "min_coverage" -> {
					if (!(value instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 100)) {
						throw invalid(field, "min_coverage must be a number from 0 to 100");
					}
				}
				case "coverage_not_measured" -> {
					if (!("pass".equals(value) || "fail".equals(value))) {
						throw invalid(field, "coverage_not_measured must be \"pass\" (with a warning) or \"fail\"");
					}
				}
				case "allow_test_count_decrease" -> {
					if (!(value instanceof Boolean)) {
						throw invalid(field, "allow_test_count_decrease must be true or false");
					}
				}
				case "test_network" -> {
					if (!("allowed".equals(value) || "denied".equals(value))) {
						throw invalid(field, "test_network must be \"allowed\" or \"denied\"");
					}
				}
				case "test_command" -> validateCommand(field, value, "test_command");
				case "test_timeout" -> validateTimeout(field, value);
				case "extra_commands" -> validateExtraCommands(field, value);
				default -> throw new IllegalStateException("unhandled key " + key);
			}
		}
	}

	/**
	 * The effective settings as configuration keys, defaults included, for the API.
	 *
	 * @return the settings by key; {@code test_command} and {@code test_timeout} are {@code null}
	 *     when not set
	 */
	public Map<String, Object> toMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("min_tests", this.minTests);
		map.put("min_coverage", this.minCoverage);
		map.put("coverage_not_measured", this.failWhenCoverageNotMeasured ? "fail" : "pass");
		map.put("allow_test_count_decrease", this.allowTestCountDecrease);
		map.put("extra_commands", this.extraCommands.stream()
			.map(command -> Map.of("name", command.name(), "command", command.command()))
			.toList());
		map.put("test_command", this.testCommand);
		map.put("test_timeout", this.testTimeout != null ? this.testTimeout.toString() : null);
		map.put("test_network", this.networkAllowed ? "allowed" : "denied");
		return map;
	}

	private static boolean isWholeNumber(Object value) {
		if (value instanceof Integer || value instanceof Long || value instanceof Short) {
			return true;
		}
		return value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
				&& !Double.isInfinite(n.doubleValue());
	}

	private static void validateCommand(String field, Object value, String what) {
		if (!(value instanceof String command) || command.isBlank() || command.length() > MAX_COMMAND_CHARS) {
			throw invalid(field, what + " must be a non-empty command line of at most " + MAX_COMMAND_CHARS
					+ " characters");
		}
		try {
			ShellWords.split(command);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(field, what + " is run without a shell: " + ex.getMessage());
		}
	}

	private static void validateTimeout(String field, Object value) {
		Duration timeout;
		try {
			timeout = value instanceof String text ? Duration.parse(text) : null;
		}
		catch (DateTimeParseException ex) {
			timeout = null;
		}
		if (timeout == null || timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
			throw invalid(field, "test_timeout must be an ISO-8601 duration from PT10S to PT6H, e.g. PT20M");
		}
	}

	private static void validateExtraCommands(String field, Object value) {
		if (!(value instanceof List<?> list) || list.size() > MAX_EXTRA_COMMANDS) {
			throw invalid(field, "extra_commands must be a list of at most " + MAX_EXTRA_COMMANDS
					+ " objects with name and command");
		}
		Set<String> names = new HashSet<>();
		for (int i = 0; i < list.size(); i++) {
			String item = field + "[" + i + "]";
			if (!(list.get(i) instanceof Map<?, ?> entry) || !(entry.get("name") instanceof String name)
					|| entry.keySet().stream().anyMatch(k -> !"name".equals(k) && !"command".equals(k))) {
				throw invalid(item, "each extra command is an object with exactly name and command");
			}
			if (!COMMAND_NAME.matcher(name).matches()) {
				throw invalid(item + ".name", "name must be 1 to 50 lower-case letters, digits, '.', '_' or '-'");
			}
			if (!names.add(name)) {
				throw invalid(item + ".name", "extra command names must be unique: " + name);
			}
			validateCommand(item + ".command", entry.get("command"), "command");
		}
	}

	private static List<ExtraCommand> extraCommands(Object value) {
		List<ExtraCommand> commands = new ArrayList<>();
		if (value instanceof List<?> list) {
			for (Object item : list) {
				Map<?, ?> entry = (Map<?, ?>) item;
				commands.add(new ExtraCommand((String) entry.get("name"), (String) entry.get("command")));
			}
		}
		return commands;
	}

	private static QuantaPilotException.InvalidRequest invalid(String field, String message) {
		return new QuantaPilotException.InvalidRequest(field, message);
	}

}
