package io.quantapilot.projects;

import java.util.UUID;

/** A project was accepted and waits for its workflow to start. */
public record ProjectCreated(UUID projectId) {
}
