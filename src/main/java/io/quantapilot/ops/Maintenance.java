package io.quantapilot.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

import io.quantapilot.common.Housekeeping;
import io.quantapilot.common.PlatformSettings;
import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.common.RetentionSettings;
import io.quantapilot.forge.ForgeService;
import io.quantapilot.identity.AuditLog;
import io.quantapilot.projects.Project;
import io.quantapilot.projects.ProjectService;
import io.quantapilot.projects.ProjectStatus;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The runbook's daily and weekly maintenance, run by the server ({@code quantapilot maintenance daily|weekly}
 * asks it through the API, so it works the same in standalone and split deployments). Daily: every module
 * deletes what outlived its retention ({@link Housekeeping}), completed event publications go, the workspaces'
 * disk use is measured and the planner statistics are refreshed ({@code ANALYZE}). Weekly: the same, plus the
 * working copies of completed or cancelled projects finished longer ago than the retention are removed and
 * the database is vacuumed ({@code VACUUM (ANALYZE)}). Every action reports its count; running it twice in a
 * row deletes nothing more the second time.
 */
@Service
public class Maintenance {

	/** Which run. */
	public enum Schedule {

		DAILY, WEEKLY;

		public String wireName() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * What one run did.
	 *
	 * @param purged rows deleted, per kind
	 * @param workspaces disk use of the working copies, and what weekly maintenance removed
	 * @param database the database's size and the statistics or vacuum command run
	 */
	public record Report(String schedule, Instant startedAt, Instant finishedAt, List<Housekeeping.Purged> purged,
			Workspaces workspaces, Database database) {

		public long totalDeleted() {
			return purged.stream().mapToLong(Housekeeping.Purged::deleted).sum();
		}

	}

	/**
	 * Working copies under the data directory.
	 *
	 * @param count working copies left after the run
	 * @param bytes their size after the run
	 * @param removed working copies removed (weekly only)
	 * @param removedBytes bytes freed by removing them
	 */
	public record Workspaces(String path, long count, long bytes, long removed, long removedBytes,
			String retention) {
	}

	/**
	 * The database part of a run.
	 *
	 * @param command {@code ANALYZE} or {@code VACUUM (ANALYZE)}
	 */
	public record Database(long sizeBytes, String command, long durationMs) {
	}

	private final List<Housekeeping> housekeeping;

	private final RetentionSettings retention;

	private final PlatformSettings platform;

	private final ProjectService projects;

	private final ForgeService forge;

	private final JdbcTemplate jdbc;

	private final AuditLog audit;

	private final ReentrantLock running = new ReentrantLock();

	Maintenance(List<Housekeeping> housekeeping, RetentionSettings retention, PlatformSettings platform,
			ProjectService projects, ForgeService forge, JdbcTemplate jdbc, AuditLog audit) {
		this.housekeeping = housekeeping;
		this.retention = retention;
		this.platform = platform;
		this.projects = projects;
		this.forge = forge;
		this.jdbc = jdbc;
		this.audit = audit;
	}

	/** The retention in force (for reports and {@code --help}). */
	public RetentionSettings retention() {
		return retention;
	}

	public Report run(Schedule schedule, String actor) {
		if (!running.tryLock()) {
			throw new QuantaPilotException.Conflict("maintenance is already running on this server");
		}
		try {
			Instant started = Instant.now();
			List<Housekeeping.Purged> purged = new ArrayList<>();
			for (Housekeeping task : housekeeping) {
				purged.addAll(task.purge(started, retention));
			}
			purged.add(purgeEventPublications(started));
			long removed = 0;
			long removedBytes = 0;
			if (schedule == Schedule.WEEKLY) {
				for (Project project : finishedBefore(started.minus(retention.workspaces()))) {
					removedBytes += forge.removeWorkspace(project.id());
					removed++;
				}
			}
			long[] usage = diskUsage(platform.workspacesDir());
			Workspaces workspaces = new Workspaces(platform.workspacesDir().toString(), usage[0], usage[1], removed,
					removedBytes, schedule == Schedule.WEEKLY
							? "completed or cancelled more than " + RetentionSettings.words(retention.workspaces()) + " ago"
							: "not removed by daily maintenance");
			// VACUUM cannot run inside a transaction block: JdbcTemplate runs it on an auto-commit connection.
			String command = schedule == Schedule.WEEKLY ? "VACUUM (ANALYZE)" : "ANALYZE";
			long t0 = System.nanoTime();
			jdbc.execute(command);
			long durationMs = Duration.ofNanos(System.nanoTime() - t0).toMillis();
			Long size = jdbc.queryForObject("SELECT pg_database_size(current_database())", Long.class);
			Report report = new Report(schedule.wireName(), started, Instant.now(), List.copyOf(purged), workspaces,
					new Database(size != null ? size : 0, command, durationMs));
			audit.record(actor, "maintenance." + schedule.wireName(), "system", "maintenance",
					java.util.Map.of("deleted", report.totalDeleted(), "workspaces_removed", removed));
			return report;
		}
		finally {
			running.unlock();
		}
	}

	private Housekeeping.Purged purgeEventPublications(Instant now) {
		int deleted = jdbc.update(
				"DELETE FROM event_publication WHERE completion_date IS NOT NULL AND completion_date < ?",
				Timestamp.from(now.minus(retention.eventPublications())));
		return new Housekeeping.Purged("ops.event_publications", deleted,
				"completed more than " + RetentionSettings.words(retention.eventPublications()) + " ago");
	}

	/**
	 * Projects with a working copy that are completed or cancelled (archived ones included) and finished before
	 * the cutoff. Going from the directories rather than the project list also finds archived projects; a
	 * directory that is not a project's is left alone.
	 */
	private List<Project> finishedBefore(Instant cutoff) {
		List<Project> found = new ArrayList<>();
		Path root = platform.workspacesDir();
		if (!Files.isDirectory(root)) {
			return found;
		}
		try (var dirs = Files.list(root)) {
			for (Path dir : dirs.filter(d -> Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)).toList()) {
				UUID id;
				try {
					id = UUID.fromString(dir.getFileName().toString());
				}
				catch (IllegalArgumentException notAProject) {
					continue;
				}
				Project project;
				try {
					project = projects.get(id);
				}
				catch (QuantaPilotException.NotFound unknown) {
					continue;
				}
				Instant finished = project.completedAt() != null ? project.completedAt() : project.updatedAt();
				if ((project.status() == ProjectStatus.COMPLETED || project.status() == ProjectStatus.CANCELLED)
						&& finished != null && finished.isBefore(cutoff)) {
					found.add(project);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot list " + root, ex);
		}
		return found;
	}

	/** Number of working copies and their bytes. */
	static long[] diskUsage(Path workspaces) {
		long[] result = { 0, 0 };
		if (!Files.isDirectory(workspaces)) {
			return result;
		}
		try (var dirs = Files.list(workspaces)) {
			result[0] = dirs.filter(Files::isDirectory).count();
			Files.walkFileTree(workspaces, new SimpleFileVisitor<>() {
				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
					result[1] += attrs.size();
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFileFailed(Path file, IOException ex) {
					return FileVisitResult.CONTINUE;
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot measure " + workspaces, ex);
		}
		return result;
	}

}
