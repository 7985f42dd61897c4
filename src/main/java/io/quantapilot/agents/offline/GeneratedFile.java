package io.quantapilot.agents.offline;

/**
 * A file the scaffolder writes.
 *
 * @param path path relative to the workspace, with forward slashes
 * @param content the text, with {@code \n} line endings
 */
record GeneratedFile(String path, String content) {
}
