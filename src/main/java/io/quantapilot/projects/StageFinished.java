package io.quantapilot.projects;

import java.time.Duration;
import java.util.UUID;

/** A stage reached its end: completed (merged), failed or skipped. */
public record StageFinished(UUID projectId, int number, String name, StageStatus status, Duration duration) {
}
