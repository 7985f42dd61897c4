/**
 * Forge: the project repositories and the git work on them. It owns the embedded local forge
 * (bare repositories served read-only over smart HTTP at {@code /git}), project working copies
 * where agents write a project stage by stage, the git operations that publish a stage (branch,
 * commit, push, squash merge with a stage trailer, tag) and the local forge's pull requests.
 * <p>
 * Every operation with an outside effect is idempotent, so a workflow step retried after a crash
 * finds its earlier effect instead of repeating it. JGit stays inside
 * {@code io.quantapilot.forge.git}; other modules see only the types of this package. Besides the
 * shared kernel ({@code common}) the module depends on no other module.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "common" })
package io.quantapilot.forge;
