package io.quantapilot.agents.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The files of a workspace by modification time and size. Comparing two snapshots tells which files a CLI wrote:
 * the CLIs report their edits in tool-specific ways (or not at all), the file system is the one common witness.
 * Git's own directory is left out; symbolic links are recorded, not followed.
 */
final class WorkspaceSnapshot {

	private record Stamp(long modifiedNanos, long size) {
	}

	private final Path root;

	private final Map<String, Stamp> files;

	private WorkspaceSnapshot(Path root, Map<String, Stamp> files) {
		this.root = root;
		this.files = files;
	}

	static WorkspaceSnapshot of(Path root) {
		Map<String, Stamp> files = new HashMap<>();
		try {
			Files.walkFileTree(root, new SimpleFileVisitor<>() {

				@Override
				public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
					return dir.getFileName() != null && dir.getFileName().toString().equals(".git") && !dir.equals(root)
							? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
					if (!attrs.isDirectory()) {
						files.put(relative(root, file), new Stamp(
								attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), attrs.size()));
					}
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFileFailed(Path file, IOException ex) {
					// A file deleted while the tree is walked (a running tool's temp file) is simply not there.
					if (ex instanceof NoSuchFileException) {
						return FileVisitResult.CONTINUE;
					}
					throw new UncheckedIOException(ex);
				}

			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new WorkspaceSnapshot(root, files);
	}

	private static String relative(Path root, Path file) {
		return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
	}

	/** Workspace-relative paths created or changed since {@code before}, sorted. */
	List<String> writtenSince(WorkspaceSnapshot before) {
		List<String> written = new ArrayList<>();
		files.forEach((path, stamp) -> {
			if (!Objects.equals(before.files.get(path), stamp)) {
				written.add(path);
			}
		});
		written.sort(null);
		return written;
	}

	/** Workspace-relative paths that were in {@code before} and are gone now, sorted. */
	List<String> deletedSince(WorkspaceSnapshot before) {
		List<String> deleted = new ArrayList<>();
		for (String path : before.files.keySet()) {
			if (!files.containsKey(path)) {
				deleted.add(path);
			}
		}
		deleted.sort(null);
		return deleted;
	}

	boolean sameAs(WorkspaceSnapshot other) {
		return files.equals(other.files);
	}

	Path root() {
		return root;
	}

}
