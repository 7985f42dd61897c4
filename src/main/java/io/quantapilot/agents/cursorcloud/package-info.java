/**
 * The {@code cursor-cloud} agent provider: the Cursor Cloud Agents API (v0). It launches an agent on the
 * project's GitHub repository with a target branch, follows its status by polling with backoff (woken early
 * by the signed {@code statusChange} webhook at {@code POST /webhooks/cursor}), copies the conversation into
 * the run's event log and stops the agent when the run is cancelled. The agent's work lands on the target
 * branch on GitHub, not in the local workspace.
 */
package io.quantapilot.agents.cursorcloud;
