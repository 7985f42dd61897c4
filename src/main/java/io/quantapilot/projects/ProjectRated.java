package io.quantapilot.projects;

import java.util.UUID;

/** A person rated a finished project (or replaced their earlier rating). */
public record ProjectRated(UUID projectId, int score, String channel) {
}
