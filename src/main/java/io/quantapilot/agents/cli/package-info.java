/**
 * Agent providers that drive agent command-line tools in the project workspace: {@code cursor-cli} (the
 * Cursor Agent CLI in headless stream-json mode) and {@code command} (Claude Code, Codex, Aider, Gemini CLI
 * presets or a custom command template). The tools write their results as files in the workspace; their
 * event streams become the run's event log, their usage the ledger's figures (estimated where a tool reports
 * none). Processes are started without a shell, with a reduced environment, and stopped as a whole tree on
 * completion, timeout, cancellation or when the run is stuck.
 */
package io.quantapilot.agents.cli;
