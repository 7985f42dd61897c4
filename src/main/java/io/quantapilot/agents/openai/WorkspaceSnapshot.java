package io.quantapilot.agents.openai;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Sizes and modification times of the workspace's files, to see which files a command changed (the model
 * may well write files through the shell). Build outputs, caches and {@code .git} are not looked at.
 */
final class WorkspaceSnapshot {

	/** Directories that only hold generated or managed files. */
	static final Set<String> SKIPPED = Set.of(".git", "node_modules", "__pycache__", "target", "build", "dist",
			".venv", "venv", ".pytest_cache", ".mypy_cache", ".gradle", ".idea");

	// A bound for pathological workspaces; beyond it changes simply go unnoticed.
	private static final int MAX_FILES = 20_000;

	private final Map<String, String> files;

	private WorkspaceSnapshot(Map<String, String> files) {
		this.files = files;
	}

	static WorkspaceSnapshot take(Path root) {
		Map<String, String> files = new HashMap<>();
		try {
			Files.walkFileTree(root, new SimpleFileVisitor<>() {

				@Override
				public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
					return !dir.equals(root) && SKIPPED.contains(dir.getFileName().toString())
							? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
					files.put(root.relativize(file).toString().replace('\\', '/'),
							attrs.size() + ":" + attrs.lastModifiedTime().toMillis());
					return files.size() >= MAX_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFileFailed(Path file, IOException exc) {
					return FileVisitResult.CONTINUE;
				}

			});
		}
		catch (IOException ex) {
			// An unreadable corner only hides changes from the stuck detector; the run goes on.
		}
		return new WorkspaceSnapshot(files);
	}

	/** Paths added, changed or deleted since {@code before}. */
	Set<String> changedSince(WorkspaceSnapshot before) {
		Set<String> changed = new TreeSet<>();
		files.forEach((path, stamp) -> {
			if (!stamp.equals(before.files.get(path))) {
				changed.add(path);
			}
		});
		for (String path : before.files.keySet()) {
			if (!files.containsKey(path)) {
				changed.add(path);
			}
		}
		return changed;
	}

}
