package io.quantapilot.ops.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code .env} file as Docker Compose reads it: {@code KEY=value} lines, comments and blank lines, optional
 * {@code export } and quotes. Rewriting keeps every other line as it was.
 */
final class EnvFile {

	private static final Pattern LINE = Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.*)$");

	private final Path path;

	private final List<String> lines;

	private EnvFile(Path path, List<String> lines) {
		this.path = path;
		this.lines = lines;
	}

	static EnvFile read(Path path) {
		try {
			return new EnvFile(path, Files.exists(path) ? new ArrayList<>(Files.readAllLines(path, StandardCharsets.UTF_8))
					: new ArrayList<>());
		}
		catch (IOException ex) {
			throw new CliException("cannot read " + path + ": " + ex.getMessage());
		}
	}

	Path path() {
		return path;
	}

	/** The values by key (a later line wins, as in Compose). */
	Map<String, String> values() {
		Map<String, String> values = new LinkedHashMap<>();
		for (String line : lines) {
			Matcher m = LINE.matcher(line);
			if (m.matches() && !line.stripLeading().startsWith("#")) {
				values.put(m.group(1), unquote(m.group(2)));
			}
		}
		return values;
	}

	/** Sets a key: replaces its last line when there is one, else appends it. */
	void set(String key, String value) {
		for (int i = lines.size() - 1; i >= 0; i--) {
			Matcher m = LINE.matcher(lines.get(i));
			if (m.matches() && !lines.get(i).stripLeading().startsWith("#") && m.group(1).equals(key)) {
				lines.set(i, key + "=" + value);
				return;
			}
		}
		lines.add(key + "=" + value);
	}

	void comment(String text) {
		lines.add("# " + text);
	}

	/** Writes the file readable by its owner only (0600), replacing the old one atomically. */
	void write() {
		try {
			Path dir = path.toAbsolutePath().getParent();
			Files.createDirectories(dir);
			Path tmp = Files.createTempFile(dir, ".env-", ".tmp",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			Files.write(tmp, lines, StandardCharsets.UTF_8);
			Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
		}
		catch (IOException ex) {
			throw new CliException("cannot write " + path + ": " + ex.getMessage());
		}
	}

	/** Whether group or others may read the file (it holds secrets). */
	static boolean readableByOthers(Path path) {
		try {
			Set<PosixFilePermission> p = Files.getPosixFilePermissions(path);
			return p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
		}
		catch (IOException | UnsupportedOperationException ex) {
			return false;
		}
	}

	/** Whether a value is empty or one of the stand-ins example files use instead of a real secret. */
	static boolean isPlaceholder(String value) {
		if (value == null) {
			return true;
		}
		String v = value.strip().toLowerCase(Locale.ROOT);
		return v.isEmpty() || v.startsWith("change") || v.startsWith("your") || v.startsWith("replace")
				|| v.startsWith("<") || v.startsWith("xxx") || v.equals("todo") || v.equals("example")
				|| v.equals("secret") || v.equals("password") || v.equals("admin") || v.equals("test")
				|| v.equals("default") || v.equals("none") || v.equals("null") || v.equals("quantapilot")
				|| v.equals("postgres") || v.equals("123456");
	}

	private static String unquote(String raw) {
		String v = raw.strip();
		if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
			return v.substring(1, v.length() - 1);
		}
		int hash = v.indexOf(" #");
		return hash >= 0 ? v.substring(0, hash).strip() : v;
	}

}
