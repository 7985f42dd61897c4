package io.quantapilot.quality;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Confines a command with <a href="https://github.com/containers/bubblewrap">bubblewrap</a>: the
 * whole file system read-only, a private {@code /tmp}, {@code /dev} and {@code /proc}, and only
 * the project directory plus the configured paths writable. The command gets its own PID
 * namespace, so every process it leaves behind dies with it.
 *
 * @param executable the {@code bwrap} binary
 * @param writablePaths directories bound writable besides the project, typically build tool
 *     caches (missing ones are skipped, since bubblewrap cannot bind what does not exist)
 * @param network whether the command shares the host's network; {@code false} adds
 *     {@code --unshare-net}
 */
public record BubblewrapSandbox(Path executable, List<Path> writablePaths, boolean network) implements Sandbox {

	private static final long PROBE_TIMEOUT_SECONDS = 10;

	public BubblewrapSandbox {
		Objects.requireNonNull(executable, "executable");
		writablePaths = List.copyOf(writablePaths);
	}

	/**
	 * Finds {@code bwrap} on the {@code PATH}, configured with the default caches and the network
	 * shared, provided it actually {@link #works() works} here. Each call starts a probe process:
	 * find once and reuse the result.
	 *
	 * @return the sandbox, or empty when {@code bwrap} is not installed or not permitted
	 */
	public static Optional<BubblewrapSandbox> find() {
		return locate().filter(BubblewrapSandbox::works);
	}

	private static Optional<BubblewrapSandbox> locate() {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		for (String dir : path.split(File.pathSeparator)) {
			if (dir.isEmpty()) {
				continue;
			}
			Path candidate = Path.of(dir, "bwrap");
			if (Files.isExecutable(candidate)) {
				return Optional.of(new BubblewrapSandbox(candidate, defaultCaches(), true));
			}
		}
		return Optional.empty();
	}

	/**
	 * The build tool caches under the user's home that exist, so that dependency downloads survive
	 * between runs. Only the cache directories are listed, not whole tool homes: a test must not be
	 * able to rewrite {@code ~/.m2/settings.xml} or {@code ~/.gradle/init.d} for later builds.
	 *
	 * @return existing cache directories
	 */
	public static List<Path> defaultCaches() {
		Path home = Path.of(System.getProperty("user.home"));
		List<Path> caches = new ArrayList<>();
		for (String relative : List.of(".m2/repository", ".gradle/caches", ".gradle/wrapper", ".npm",
				".cache/pip", ".cache/go-build", "go/pkg/mod")) {
			Path cache = home.resolve(relative);
			if (Files.isDirectory(cache)) {
				caches.add(cache);
			}
		}
		return caches;
	}

	/**
	 * Returns this sandbox with the network shared or withheld.
	 *
	 * @param network whether commands may use the network
	 * @return a copy with the network policy replaced
	 */
	public BubblewrapSandbox withNetwork(boolean network) {
		return new BubblewrapSandbox(this.executable, this.writablePaths, network);
	}

	/**
	 * Returns this sandbox with other writable directories.
	 *
	 * @param writablePaths directories to bind writable besides the project
	 * @return a copy with the writable directories replaced
	 */
	public BubblewrapSandbox withWritablePaths(List<Path> writablePaths) {
		return new BubblewrapSandbox(this.executable, writablePaths, this.network);
	}

	@Override
	public String name() {
		return this.network ? "bubblewrap" : "bubblewrap (no network)";
	}

	@Override
	public List<String> wrap(List<String> argv, Path workDir, List<Path> extraWritablePaths) {
		String dir = workDir.toAbsolutePath().normalize().toString();
		List<String> wrapped = new ArrayList<>(List.of(this.executable.toString(), "--ro-bind", "/", "/",
				"--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"));
		// Binds come after the tmpfs on /tmp: bubblewrap mounts in order, and a project or report
		// directory under /tmp would otherwise be hidden by the empty tmpfs.
		Set<Path> writable = new LinkedHashSet<>(this.writablePaths);
		writable.addAll(extraWritablePaths);
		for (Path path : writable) {
			Path absolute = path.toAbsolutePath().normalize();
			if (Files.isDirectory(absolute)) {
				wrapped.addAll(List.of("--bind", absolute.toString(), absolute.toString()));
			}
		}
		wrapped.addAll(List.of("--bind", dir, dir));
		if (!this.network) {
			wrapped.add("--unshare-net");
		}
		// A PID namespace kills every leftover background process when the command ends;
		// a new session stops the command from pushing input into a controlling terminal.
		wrapped.addAll(List.of("--unshare-pid", "--new-session", "--die-with-parent", "--chdir", dir, "--"));
		wrapped.addAll(argv);
		return wrapped;
	}

	/**
	 * Runs {@code true} inside the sandbox. Bubblewrap needs user namespaces or privileges that
	 * many containers withhold, so being installed does not mean it works.
	 *
	 * @return whether a trivial command ran successfully inside the sandbox
	 */
	public boolean works() {
		Path probeDir = null;
		try {
			probeDir = Files.createTempDirectory("quantapilot-bwrap-probe-");
			Process process = new ProcessBuilder(wrap(List.of("true"), probeDir, List.of()))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!process.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return false;
			}
			return process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			if (probeDir != null) {
				try {
					Files.deleteIfExists(probeDir);
				}
				catch (IOException ex) {
					// A leftover empty temp directory is harmless; the probe's answer still stands.
				}
			}
		}
	}

}
