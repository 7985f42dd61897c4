/**
 * JGit implementation of the forge's git layer: working copies, the bare repositories of the
 * local forge and their read-only smart HTTP endpoint. Only the forge module itself uses these
 * types; other modules go through {@code io.quantapilot.forge}.
 */
package io.quantapilot.forge.git;
