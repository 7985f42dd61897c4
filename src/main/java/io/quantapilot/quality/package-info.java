/**
 * Quality: runs a generated project's real tests and records what they said. It finds the test
 * command from the project's files, runs it with time and output limits (inside a bubblewrap
 * sandbox where the host allows it) and reads JUnit XML reports or console output into a
 * {@link io.quantapilot.quality.TestSummary}. The root package is the API
 * ({@link io.quantapilot.quality.TestCommandDetector}, {@link io.quantapilot.quality.TestRunner}
 * and their value records); parsing and process handling live in {@code internal}. Generated
 * code is untrusted: it never runs with the platform's environment, and its reports are parsed
 * without DTDs or external entities. Besides the shared kernel ({@code common}) the module
 * depends on no other module.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "common" })
package io.quantapilot.quality;
