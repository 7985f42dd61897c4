/**
 * Forge: the project repositories and the git work on them. It owns the forge SPI
 * ({@link io.quantapilot.forge.ForgeProvider}) with two providers, the embedded local forge (bare
 * repositories served read-only over smart HTTP at {@code /git}, guarded by the API's keys) and GitHub
 * (REST client in {@code forge.github}, inbound webhooks in {@code forge.webhooks}); project working
 * copies where agents write a project stage by stage; the git operations that publish a stage (branch,
 * commit, push, squash merge with a stage trailer, tag); and the records of the stage pull requests.
 * <p>
 * Every operation with an outside effect is idempotent, so a workflow step retried after a crash
 * finds its earlier effect instead of repeating it. JGit stays inside
 * {@code io.quantapilot.forge.git}; other modules see only the types of this package. Besides the
 * shared kernel ({@code common}) the module depends only on {@code identity}, to check API keys on
 * {@code /git}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "common", "identity" })
package io.quantapilot.forge;
