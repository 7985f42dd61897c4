package io.quantapilot.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BubblewrapSandboxUnitTests {

	@TempDir
	Path project;

	@TempDir
	Path cache;

	@Test
	void bindsWritablePathsAfterThePrivateTmp() {
		BubblewrapSandbox sandbox = new BubblewrapSandbox(Path.of("/usr/bin/bwrap"), List.of(this.cache), true);

		List<String> argv = sandbox.wrap(List.of("npm", "test"), this.project, List.of(Path.of("/does/not/exist")));

		String dir = this.project.toString();
		assertThat(argv).startsWith("/usr/bin/bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs",
				"/tmp", "--bind", this.cache.toString(), this.cache.toString(), "--bind", dir, dir);
		assertThat(argv).endsWith("--chdir", dir, "--", "npm", "test");
		assertThat(argv).contains("--die-with-parent", "--unshare-pid").doesNotContain("--unshare-net", "/does/not/exist");
		assertThat(sandbox.name()).isEqualTo("bubblewrap");
	}

	@Test
	void withholdsTheNetworkWhenPolicyForbidsIt() {
		BubblewrapSandbox sandbox = new BubblewrapSandbox(Path.of("/usr/bin/bwrap"), List.of(), true).withNetwork(false);

		assertThat(sandbox.wrap(List.of("true"), this.project, List.of())).contains("--unshare-net");
		assertThat(sandbox.name()).isEqualTo("bubblewrap (no network)");
	}

	@Test
	void aBubblewrapThatCannotRunDoesNotWork() {
		assertThat(new BubblewrapSandbox(this.project.resolve("bwrap"), List.of(), true).works()).isFalse();
	}

	@Test
	void noSandboxLeavesTheCommandAlone() {
		assertThat(NoSandbox.INSTANCE.wrap(List.of("make", "test"), this.project, List.of(this.cache)))
			.containsExactly("make", "test");
		assertThat(NoSandbox.INSTANCE.name()).isEqualTo("none");
	}

}
