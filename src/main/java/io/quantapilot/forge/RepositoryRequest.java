package io.quantapilot.forge;

import java.util.UUID;

/**
 * What a project's repository is made from.
 *
 * @param projectId the project
 * @param name the repository name to create (unless {@code source} names a repository to use)
 * @param description a one-line description
 * @param source the repository the project starts from ({@code repository_url}), or null
 */
public record RepositoryRequest(UUID projectId, String name, String description, String source) {
}
