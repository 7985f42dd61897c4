package io.quantapilot.projects;

import java.util.List;

/** One page of a project listing and the total number of matches. */
public record ProjectPage(List<Project> projects, long total) {
}
