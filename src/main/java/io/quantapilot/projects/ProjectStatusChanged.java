package io.quantapilot.projects;

import java.util.UUID;

/** A project moved from one lifecycle status to another. */
public record ProjectStatusChanged(UUID projectId, ProjectStatus from, ProjectStatus to) {
}
