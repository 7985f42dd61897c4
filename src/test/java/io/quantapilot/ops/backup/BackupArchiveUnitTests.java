package io.quantapilot.ops.backup;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The archive check that runs before a restore changes anything. */
class BackupArchiveUnitTests {

	@TempDir
	Path tmp;

	private final Backups backups = new Backups(Map.of(), Path.of("."), new PrintWriter(new StringWriter()));

	@Test
	void aConsistentArchiveIsExtracted() throws Exception {
		Path archive = archive(Map.of("database.sql", "SELECT 1;", "repos/a/HEAD", "ref: refs/heads/main"), Map.of());
		Path staging = Files.createDirectory(tmp.resolve("staging"));
		backups.extractAndVerify(archive, staging);
		assertThat(staging.resolve("database.sql")).hasContent("SELECT 1;");
		assertThat(staging.resolve("repos/a/HEAD")).hasContent("ref: refs/heads/main");
	}

	@Test
	void aChangedEntryAMissingOneAndAnExtraOneAreAllReported() throws Exception {
		Map<String, String> manifest = new LinkedHashMap<>();
		manifest.put("database.sql", sha("SELECT 2;"));
		manifest.put("repos/gone", sha("x"));
		Path archive = archive(Map.of("database.sql", "SELECT 1;", "config/.env", "A=1"), manifest);
		assertThatThrownBy(() -> backups.extractAndVerify(archive, Files.createDirectory(tmp.resolve("s"))))
			.isInstanceOf(BackupException.class)
			.hasMessageContaining("is corrupted, nothing was changed")
			.hasMessageContaining("database.sql has checksum")
			.hasMessageContaining("repos/gone is missing")
			.hasMessageContaining("config/.env is not in the manifest");
	}

	@Test
	void entriesPointingOutsideTheRestoreDirectoryAreRefused() throws Exception {
		Path archive = archive(Map.of("database.sql", "SELECT 1;", "../escape", "boom"), Map.of());
		Path staging = Files.createDirectory(tmp.resolve("staging"));
		assertThatThrownBy(() -> backups.extractAndVerify(archive, staging)).isInstanceOf(BackupException.class)
			.hasMessageContaining("points outside the restore directory");
		assertThat(tmp.resolve("escape")).doesNotExist();
	}

	@Test
	void anArchiveWithoutManifestOrOfAnUnknownFormatIsNotABackup() throws Exception {
		Path zip = tmp.resolve("other.zip");
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
			out.putNextEntry(new ZipEntry("readme.txt"));
			out.write("hello".getBytes(StandardCharsets.UTF_8));
		}
		assertThatThrownBy(() -> backups.extractAndVerify(zip, Files.createDirectory(tmp.resolve("a"))))
			.hasMessageContaining("is not a QuantaPilot backup");

		Path future = tmp.resolve("future.zip");
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(future))) {
			out.putNextEntry(new ZipEntry("manifest.json"));
			out.write("{\"format\": 99, \"entries\": []}".getBytes(StandardCharsets.UTF_8));
		}
		assertThatThrownBy(() -> backups.extractAndVerify(future, Files.createDirectory(tmp.resolve("b"))))
			.hasMessageContaining("unknown backup format 99");

		Path garbage = tmp.resolve("garbage.zip");
		Files.writeString(garbage, "not a zip at all");
		assertThatThrownBy(() -> backups.restore(garbage, tmp.resolve("data"), true, false))
			.isInstanceOf(BackupException.class);
		assertThat(tmp.resolve("data/postgres")).doesNotExist();
	}

	/** Writes entries and a manifest; {@code manifestOverride} replaces the computed checksums when given. */
	private Path archive(Map<String, String> entries, Map<String, String> manifestOverride) throws IOException {
		Path zip = tmp.resolve("backup-" + System.nanoTime() + ".zip");
		Map<String, String> checksums = new LinkedHashMap<>();
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
			for (Map.Entry<String, String> entry : entries.entrySet()) {
				out.putNextEntry(new ZipEntry(entry.getKey()));
				out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
				out.closeEntry();
				checksums.put(entry.getKey(), sha(entry.getValue()));
			}
			Map<String, String> listed = manifestOverride.isEmpty() ? checksums : manifestOverride;
			StringBuilder json = new StringBuilder("{\"format\": 1, \"entries\": [");
			List<String> items = listed.entrySet()
				.stream()
				.map(e -> "{\"path\": \"" + e.getKey() + "\", \"sha256\": \"" + e.getValue() + "\"}")
				.toList();
			json.append(String.join(",", items)).append("]}");
			out.putNextEntry(new ZipEntry("manifest.json"));
			out.write(json.toString().getBytes(StandardCharsets.UTF_8));
			out.closeEntry();
		}
		return zip;
	}

	private static String sha(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
