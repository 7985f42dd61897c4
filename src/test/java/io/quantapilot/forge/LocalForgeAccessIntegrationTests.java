package io.quantapilot.forge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.quantapilot.support.ApplicationIntegrationTest;
import io.quantapilot.support.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading the local forge over HTTP takes an API key, the same as the API: as a Bearer header or as the
 * password of HTTP Basic (what {@code git} sends); without one, or with a wrong one, git is refused, and
 * pushing is refused even with a key.
 */
class LocalForgeAccessIntegrationTests extends ApplicationIntegrationTest {

	@Autowired
	LocalRepositories repositories;

	@TempDir
	Path temp;

	@Test
	void cloningNeedsAnApiKeyAndPushingIsRefused() throws Exception {
		Path bare = repositories.create("access", "secret-plans");
		try (Workspace seed = Workspace.open(temp.resolve("seed"), bare.toUri(), new Identity("t", "t@t"))) {
			Files.writeString(seed.dir().resolve("PLANS.md"), "world domination\n");
			seed.commitAll("docs: plans");
			seed.push(Workspace.MAIN);
		}
		String url = "http://localhost:" + port + "/git/access/secret-plans.git";

		assertThat(git(temp, "clone", "-q", url, temp.resolve("anonymous").toString())).isNotZero();
		assertThat(temp.resolve("anonymous/PLANS.md")).doesNotExist();
		assertThat(git(temp, "clone", "-q", "http://x:qp_wrong_key_0000000000000000@localhost:" + port
				+ "/git/access/secret-plans.git", temp.resolve("wrong").toString())).isNotZero();

		Git.cloneWithKey(temp, url, temp.resolve("bearer"), ADMIN_KEY);
		assertThat(temp.resolve("bearer/PLANS.md")).hasContent("world domination");
		String basic = "http://anyone:" + ADMIN_KEY + "@localhost:" + port + "/git/access/secret-plans.git";
		assertThat(git(temp, "clone", "-q", basic, temp.resolve("basic").toString())).isZero();
		assertThat(temp.resolve("basic/PLANS.md")).exists();

		Path clone = temp.resolve("basic");
		Files.writeString(clone.resolve("PLANS.md"), "world peace\n");
		Git.run(clone, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "change of plans");
		assertThat(git(clone, "push", "-q", "origin", "main")).isNotZero();
		assertThat(Git.lines(temp.resolve("bearer"), "log", "--format=%s", "origin/main")).containsExactly("docs: plans",
				"chore: initialise repository");
	}

	/** Runs git without credential prompts; returns its exit code. */
	private static int git(Path dir, String... args) throws Exception {
		List<String> command = new java.util.ArrayList<>(List.of("git", "-c", "credential.helper=", "-c", "core.askPass=true"));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
		builder.environment().put("GIT_TERMINAL_PROMPT", "0");
		Process process = builder.start();
		process.getInputStream().readAllBytes();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return process.exitValue();
	}

}
