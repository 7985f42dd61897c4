package io.quantapilot.ops.cli;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One result of a local check ({@code config validate}, {@code security validate}).
 *
 * @param setting the setting or file concerned (never its value)
 */
record Finding(Severity severity, String check, String setting, String message) {

	enum Severity {

		ERROR, WARNING, INFO;

		String label() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	static Finding error(String check, String setting, String message) {
		return new Finding(Severity.ERROR, check, setting, message);
	}

	static Finding warning(String check, String setting, String message) {
		return new Finding(Severity.WARNING, check, setting, message);
	}

	static Finding info(String check, String setting, String message) {
		return new Finding(Severity.INFO, check, setting, message);
	}

	/** Prints findings, errors first, and a summary line; returns the exit code (1 when the check fails). */
	static int report(List<Finding> findings, boolean json, boolean strict, String what, PrintWriter out) {
		List<Finding> sorted = findings.stream().sorted(Comparator.comparing(Finding::severity)).toList();
		long errors = sorted.stream().filter(f -> f.severity() == Severity.ERROR).count();
		long warnings = sorted.stream().filter(f -> f.severity() == Severity.WARNING).count();
		boolean failed = errors > 0 || (strict && warnings > 0);
		if (json) {
			var mapper = tools.jackson.databind.json.JsonMapper.builder().build();
			var body = new java.util.LinkedHashMap<String, Object>();
			body.put("ok", !failed);
			body.put("errors", errors);
			body.put("warnings", warnings);
			body.put("findings", sorted.stream()
				.map(f -> java.util.Map.of("severity", f.severity().label(), "check", f.check(), "setting",
						f.setting() == null ? "" : f.setting(), "message", f.message()))
				.toList());
			out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(body));
			return failed ? 1 : 0;
		}
		for (Finding f : sorted) {
			out.printf("%-7s %-22s %s%s%n", f.severity().label(), f.check(),
					f.setting() != null && !f.setting().isEmpty() ? f.setting() + ": " : "", f.message());
		}
		out.printf("%s: %d error(s), %d warning(s)%s — %s%n", what, errors, warnings,
				strict ? " (strict: warnings fail)" : "", failed ? "FAILED" : "OK");
		return failed ? 1 : 0;
	}

}
