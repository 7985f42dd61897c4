package io.quantapilot.forge;

/**
 * The platform's own test run of a stage, published as a check.
 *
 * @param passed whether the tests passed
 * @param description one line, e.g. {@code 12 tests, 0 failed}
 */
public record PlatformCheck(boolean passed, String description) {

	/** The context (status name) the platform's check is published under. */
	public static final String CONTEXT = "quantapilot/tests";

}
