package io.quantapilot.dashboard.internal;

import java.time.Instant;

/**
 * One line of a project's agent log as the dashboard shows it.
 *
 * @param cursor the position right after this line
 * @param at when the agent wrote it
 * @param role the agent's role
 * @param stage the stage the run worked on, or null while planning
 * @param type the event's kind ({@code start}, {@code file}, {@code result}, {@code error}, …)
 * @param message the text
 */
public record LogLine(String cursor, Instant at, String role, Integer stage, String type, String message) {
}
