package io.quantapilot.forge;

import java.net.URI;

/**
 * A project's repository on the forge.
 *
 * @param owner the namespace
 * @param name the repository name
 * @param remote where the platform's workspaces push to
 * @param cloneUrl what a person passes to {@code git clone}
 */
public record RepositoryRef(String owner, String name, URI remote, String cloneUrl) {
}
