package io.quantapilot.projects;

import java.util.UUID;

/** A project was cancelled by a person or by a rejected plan; its workflow must stop. */
public record ProjectCancelled(UUID projectId, String reason) {
}
