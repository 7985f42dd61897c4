package io.quantapilot.ops.backup;

import java.io.BufferedOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import io.quantapilot.ops.database.DatabaseEndpoint;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One backup archive (zip) of a QuantaPilot installation and its restore. Entries: {@code database.sql} (a
 * logical dump of the whole schema, the engine's tables included, so waiting workflows come back with their
 * jobs and timers), {@code workflows/} (the deployed BPMN definitions, for reading and for
 * {@code workflows import}), {@code config/} (the configuration files found in the working directory),
 * {@code secrets/master.key} (without it the stored secrets cannot be decrypted), {@code repos/} (the local
 * forge's bare repositories) and {@code manifest.json} with the SHA-256 of every other entry.
 */
public final class Backups {

	/** Version of the archive layout; a restore refuses a layout it does not know. */
	static final int FORMAT = 1;

	static final String MANIFEST = "manifest.json";

	static final String DATABASE = "database.sql";

	static final String MASTER_KEY = "secrets/master.key";

	/** Configuration files looked for in the working directory, relative to it. */
	static final List<String> CONFIG_FILES = List.of(".env", "application.yml", "application.yaml",
			"application.properties", "config/application.yml", "config/application.yaml",
			"config/application.properties", "deploy/.env");

	private static final String DEFINITIONS_SQL = """
			SELECT p.resource_name_ || ' ' || encode(b.bytes_, 'hex') FROM act_re_procdef p
			JOIN act_ge_bytearray b ON b.deployment_id_ = p.deployment_id_ AND b.name_ = p.resource_name_
			WHERE p.version_ = (SELECT max(q.version_) FROM act_re_procdef q WHERE q.key_ = p.key_)
			ORDER BY p.key_""";

	private final JsonMapper json = JsonMapper.builder().build();

	private final Map<String, String> environment;

	private final Path workingDir;

	private final PrintWriter out;

	private final PostgresTools tools;

	public Backups(Map<String, String> environment, Path workingDir, PrintWriter out) {
		this.environment = environment;
		this.workingDir = workingDir;
		this.out = out;
		this.tools = new PostgresTools(environment);
	}

	/** The archive name used when none is given: {@code quantapilot-backup-<UTC timestamp>.zip}. */
	public static String defaultName(Instant now) {
		return "quantapilot-backup-"
				+ DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(now) + ".zip";
	}

	/** Writes the archive (mode 0600) and returns its manifest. */
	public JsonNode create(Path dataDir, Path output, String version) throws IOException {
		if (Files.exists(output)) {
			throw new BackupException(output + " exists already; choose another --output");
		}
		Path parent = output.toAbsolutePath().getParent();
		Files.createDirectories(parent);
		Path staging = Files.createTempDirectory(parent, ".qp-backup-");
		Path partial = parent.resolve(output.getFileName() + ".partial");
		try (DatabaseEndpoint database = DatabaseEndpoint.forBackup(dataDir, environment)) {
			out.println("Database: " + database.mode() + " (" + database.jdbcUrl() + ")");
			Path dump = staging.resolve(DATABASE);
			tools.dump(database, dump);
			String definitions = tools.query(database, DEFINITIONS_SQL, staging);
			String serverVersion = tools.query(database, "SHOW server_version", staging);

			ObjectNode manifest = json.createObjectNode();
			manifest.put("format", FORMAT);
			manifest.put("created_at", Instant.now().toString());
			manifest.put("quantapilot_version", version);
			ObjectNode db = manifest.putObject("database");
			db.put("mode", database.external() ? "external" : "embedded");
			db.put("server_version", serverVersion);
			db.put("dump_tool", tools.version("pg_dump"));
			ArrayNode entries = manifest.putArray("entries");

			Files.deleteIfExists(partial);
			Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(partial)))) {
				add(zip, entries, DATABASE, dump);
				int workflows = 0;
				for (String line : definitions.lines().filter(l -> !l.isBlank()).toList()) {
					int space = line.lastIndexOf(' ');
					String name = Path.of(line.substring(0, space)).getFileName().toString();
					add(zip, entries, "workflows/" + name, HexFormat.of().parseHex(line.substring(space + 1)));
					workflows++;
				}
				int configs = 0;
				for (String relative : CONFIG_FILES) {
					Path file = workingDir.resolve(relative);
					if (Files.isRegularFile(file)) {
						add(zip, entries, "config/" + relative, file);
						configs++;
					}
				}
				Path key = dataDir.resolve(MASTER_KEY);
				boolean keyIncluded = Files.isRegularFile(key);
				if (keyIncluded) {
					add(zip, entries, MASTER_KEY, key);
				}
				int repoFiles = 0;
				Path repos = dataDir.resolve("repos");
				if (Files.isDirectory(repos)) {
					List<Path> files;
					try (Stream<Path> walk = Files.walk(repos)) {
						// Lock files belong to a write in progress, not to the repository.
						files = walk.filter(Files::isRegularFile)
							.filter(p -> !p.getFileName().toString().endsWith(".lock"))
							.sorted()
							.toList();
					}
					for (Path file : files) {
						add(zip, entries, "repos/" + slashes(repos.relativize(file)), file);
						repoFiles++;
					}
				}
				manifest.put("master_key_included", keyIncluded);
				zip.putNextEntry(new ZipEntry(MANIFEST));
				zip.write(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
				zip.closeEntry();
				out.println("Included: database dump, " + workflows + " workflow definition(s), " + configs
						+ " configuration file(s), " + repoFiles + " repository file(s), master key: "
						+ (keyIncluded ? "yes" : "no (QP_MASTER_KEY is configured instead; keep it safe)"));
			}
			move(partial, output);
			out.println("Backup written to " + output.toAbsolutePath() + " (mode 0600: it holds the master key "
					+ "and configuration secrets)");
			return manifest;
		}
		finally {
			Files.deleteIfExists(partial);
			deleteTree(staging);
		}
	}

	/**
	 * Checks every checksum before changing anything, then restores the database (one transaction), and
	 * unless {@code databaseOnly} the repositories, the master key and missing configuration files.
	 */
	public void restore(Path archive, Path dataDir, boolean confirmed, boolean databaseOnly) throws IOException {
		if (!Files.isRegularFile(archive)) {
			throw new BackupException("no backup archive at " + archive);
		}
		Files.createDirectories(dataDir);
		Path staging = Files.createTempDirectory(dataDir.toAbsolutePath(), ".qp-restore-");
		try {
			JsonNode manifest = extractAndVerify(archive, staging);
			out.println("Archive verified: " + manifest.path("entries").size() + " entries, checksums match "
					+ "(created " + manifest.path("created_at").asString() + " by QuantaPilot "
					+ manifest.path("quantapilot_version").asString() + ")");
			try (DatabaseEndpoint database = DatabaseEndpoint.forRestore(dataDir, environment)) {
				if (database.external()) {
					String others = tools.query(database, "SELECT count(*) FROM pg_stat_activity "
							+ "WHERE datname = current_database() AND pid <> pg_backend_pid()", staging);
					if (!"0".equals(others)) {
						throw new BackupException(others + " other session(s) are connected to the database: stop "
								+ "every QuantaPilot role (docker compose -f deploy/docker-compose.yml stop) first");
					}
				}
				boolean hasData = "t".equals(tools.query(database,
						"SELECT to_regclass('public.projects') IS NOT NULL", staging));
				if (hasData && !confirmed && !confirm("The database " + database.jdbcUrl()
						+ " holds QuantaPilot data; replace it with the backup?")) {
					throw new BackupException("the database holds QuantaPilot data; pass --yes to replace it "
							+ "with the backup (nothing was changed)");
				}
				tools.load(database, staging.resolve(DATABASE));
				out.println("Database restored (" + database.mode() + ")");
				if (databaseOnly) {
					return;
				}
				Path repos = staging.resolve("repos");
				Path target = dataDir.resolve("repos");
				if (Files.isDirectory(repos)) {
					Path old = dataDir.resolve(".repos-before-restore");
					deleteTree(old);
					if (Files.exists(target)) {
						Files.move(target, old);
					}
					Files.move(repos, target);
					deleteTree(old);
					out.println("Repositories restored to " + target);
				}
				// Working copies are clones of the repositories; ones newer than the backup would disagree with
				// the restored repositories, and the next step clones them again.
				Path workspaces = dataDir.resolve("workspaces");
				if (Files.isDirectory(workspaces)) {
					deleteTree(workspaces);
					out.println("Working copies under " + workspaces + " removed (they are cloned again on demand)");
				}
				Path key = staging.resolve(MASTER_KEY);
				if (Files.isRegularFile(key)) {
					Path secrets = dataDir.resolve("secrets");
					Files.createDirectories(secrets);
					Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwx------"));
					Path keyTarget = secrets.resolve("master.key");
					Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
					Files.move(key, keyTarget, StandardCopyOption.REPLACE_EXISTING);
					out.println("Master key restored to " + keyTarget);
				}
				else {
					out.println("The backup has no master key file: start the server with the same QP_MASTER_KEY "
							+ "as before, or its stored secrets cannot be decrypted");
				}
				restoreConfig(staging.resolve("config"));
				out.println("Workflow definitions are restored with the database (copies under workflows/ in the "
						+ "archive). Start the server: waiting workflows resume.");
			}
		}
		finally {
			deleteTree(staging);
		}
	}

	/** Configuration is never overwritten silently: a differing file is written next to it. */
	private void restoreConfig(Path config) throws IOException {
		if (!Files.isDirectory(config)) {
			return;
		}
		for (String relative : CONFIG_FILES) {
			Path source = config.resolve(relative);
			if (!Files.isRegularFile(source)) {
				continue;
			}
			Path target = workingDir.resolve(relative);
			if (Files.isRegularFile(target) && Files.mismatch(source, target) == -1) {
				continue;
			}
			if (Files.exists(target)) {
				target = target.resolveSibling(target.getFileName() + ".from-backup");
				out.println("Configuration " + relative + " differs from the backup's: the backup's copy is "
						+ target + " (compare and merge by hand)");
			}
			else {
				out.println("Configuration " + relative + " restored");
			}
			Files.createDirectories(target.toAbsolutePath().getParent());
			Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
			Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
		}
	}

	/** Extracts into {@code staging} and checks the manifest against every entry, both ways. */
	JsonNode extractAndVerify(Path archive, Path staging) throws IOException {
		JsonNode manifest;
		Map<String, String> actual = new LinkedHashMap<>();
		try (ZipFile zip = new ZipFile(archive.toFile())) {
			ZipEntry manifestEntry = zip.getEntry(MANIFEST);
			if (manifestEntry == null) {
				throw new BackupException(archive + " is not a QuantaPilot backup (no " + MANIFEST + ")");
			}
			try (InputStream in = zip.getInputStream(manifestEntry)) {
				manifest = json.readTree(in);
			}
			if (manifest.path("format").asInt(-1) != FORMAT) {
				throw new BackupException("unknown backup format " + manifest.path("format") + " (this version reads "
						+ FORMAT + ")");
			}
			for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
				if (entry.isDirectory() || entry.getName().equals(MANIFEST)) {
					continue;
				}
				Path target = staging.resolve(entry.getName()).normalize();
				if (!target.startsWith(staging) || entry.getName().startsWith("/")) {
					throw new BackupException("refusing the archive: entry " + entry.getName()
							+ " points outside the restore directory");
				}
				Files.createDirectories(target.getParent());
				try (InputStream in = new DigestInputStream(zip.getInputStream(entry), sha256())) {
					Files.copy(in, target);
					actual.put(entry.getName(), HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest()));
				}
			}
		}
		catch (java.util.zip.ZipException ex) {
			throw new BackupException(archive + " is damaged (" + ex.getMessage() + "); nothing was changed");
		}
		List<String> problems = new ArrayList<>();
		Map<String, String> expected = new LinkedHashMap<>();
		for (JsonNode entry : manifest.path("entries")) {
			expected.put(entry.path("path").asString(), entry.path("sha256").asString());
		}
		expected.forEach((path, sha) -> {
			String found = actual.get(path);
			if (found == null) {
				problems.add(path + " is missing");
			}
			else if (!found.equals(sha)) {
				problems.add(path + " has checksum " + found + ", the manifest says " + sha);
			}
		});
		actual.keySet().stream().filter(p -> !expected.containsKey(p)).forEach(p -> problems.add(p + " is not in the manifest"));
		if (!expected.containsKey(DATABASE)) {
			problems.add(DATABASE + " is missing");
		}
		if (!problems.isEmpty()) {
			throw new BackupException("the backup " + archive + " is corrupted, nothing was changed: "
					+ String.join("; ", problems));
		}
		return manifest;
	}

	private boolean confirm(String question) {
		Console console = System.console();
		if (console == null) {
			return false;
		}
		String answer = console.readLine("%s Type yes to continue: ", question);
		return answer != null && answer.strip().equalsIgnoreCase("yes");
	}

	private void add(ZipOutputStream zip, ArrayNode entries, String name, Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			add(zip, entries, name, in);
		}
	}

	private void add(ZipOutputStream zip, ArrayNode entries, String name, byte[] content) throws IOException {
		add(zip, entries, name, new java.io.ByteArrayInputStream(content));
	}

	private void add(ZipOutputStream zip, ArrayNode entries, String name, InputStream content) throws IOException {
		MessageDigest digest = sha256();
		zip.putNextEntry(new ZipEntry(name));
		long size;
		try (InputStream in = new DigestInputStream(content, digest)) {
			size = in.transferTo(nonClosing(zip));
		}
		zip.closeEntry();
		ObjectNode entry = entries.addObject();
		entry.put("path", name);
		entry.put("sha256", HexFormat.of().formatHex(digest.digest()));
		entry.put("size", size);
	}

	private static OutputStream nonClosing(OutputStream out) {
		return new java.io.FilterOutputStream(out) {
			@Override
			public void write(byte[] b, int off, int len) throws IOException {
				out.write(b, off, len);
			}

			@Override
			public void close() {
			}
		};
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String slashes(Path relative) {
		return relative.toString().replace('\\', '/');
	}

	private static void move(Path from, Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(from, to);
		}
		catch (FileAlreadyExistsException ex) {
			throw new BackupException(to + " exists already; choose another --output");
		}
	}

	static void deleteTree(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> walk = Files.walk(dir)) {
			for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(p);
			}
		}
	}

}
