package io.quantapilot.quality.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the JUnit XML reports a run wrote. Reports left over from earlier runs (a stale
 * {@code target/surefire-reports} from a build that now fails to compile, say) must not count, so
 * only files modified since the run started are taken.
 */
public final class ReportFiles {

	// Dependency and tool directories can hold hundreds of thousands of files and no reports of
	// this project.
	private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "node_modules", ".venv", "venv", ".tox",
			"__pycache__", ".gradle", ".idea", ".mvn", ".pytest_cache");

	private static final int MAX_DEPTH = 12;

	private static final int MAX_REPORTS = 5_000;

	private ReportFiles() {
	}

	/**
	 * Finds report files in a project.
	 *
	 * @param projectDir the project directory
	 * @param globs glob patterns relative to the project directory
	 * @param notBefore files last modified before this instant are ignored
	 * @return matching files, sorted by path
	 * @throws UncheckedIOException when the project cannot be walked
	 */
	public static List<Path> find(Path projectDir, List<String> globs, Instant notBefore) {
		if (globs.isEmpty()) {
			return List.of();
		}
		List<PathMatcher> matchers = globs.stream()
			.map(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob))
			.toList();
		List<Path> found = new ArrayList<>();
		try {
			Files.walkFileTree(projectDir, EnumSet.noneOf(FileVisitOption.class), MAX_DEPTH,
					new SimpleFileVisitor<>() {

						@Override
						public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
							Path name = dir.getFileName();
							if (!dir.equals(projectDir) && name != null && SKIPPED_DIRECTORIES.contains(name.toString())) {
								return FileVisitResult.SKIP_SUBTREE;
							}
							return FileVisitResult.CONTINUE;
						}

						@Override
						public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
							Path relative = projectDir.relativize(file);
							if (attrs.isRegularFile() && !attrs.lastModifiedTime().toInstant().isBefore(notBefore)
									&& matchers.stream().anyMatch(matcher -> matcher.matches(relative))) {
								found.add(file);
							}
							return (found.size() >= MAX_REPORTS) ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
						}

						@Override
						public FileVisitResult visitFileFailed(Path file, IOException ex) {
							// An unreadable corner of the project cannot hold a report we could read.
							return FileVisitResult.CONTINUE;
						}

					});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		found.sort(Comparator.naturalOrder());
		return found;
	}

	/**
	 * Lists the XML files below a directory the runner owns.
	 *
	 * @param dir the directory
	 * @return XML files, sorted by path
	 * @throws UncheckedIOException when the directory cannot be walked
	 */
	public static List<Path> xmlFilesIn(Path dir) {
		try (Stream<Path> files = Files.walk(dir, MAX_DEPTH)) {
			return files.filter(Files::isRegularFile)
				.filter(file -> file.getFileName().toString().endsWith(".xml"))
				.sorted()
				.limit(MAX_REPORTS)
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Lists the regular files below a directory the runner owns.
	 *
	 * @param dir the directory
	 * @return files, sorted by path
	 * @throws UncheckedIOException when the directory cannot be walked
	 */
	public static List<Path> filesIn(Path dir) {
		try (Stream<Path> files = Files.walk(dir, MAX_DEPTH)) {
			return files.filter(Files::isRegularFile).sorted().limit(MAX_REPORTS).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Deletes a directory tree, ignoring what cannot be deleted.
	 *
	 * @param dir the directory
	 */
	public static void deleteQuietly(Path dir) {
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach(path -> {
				try {
					Files.deleteIfExists(path);
				}
				catch (IOException ex) {
					// A leftover file in a temp directory is not worth failing a test run for.
				}
			});
		}
		catch (IOException ex) {
			// Same: the directory lives under the temp directory and is cleaned by the OS eventually.
		}
	}

}
