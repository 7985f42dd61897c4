package io.quantapilot.forge.git;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quantapilot.forge.GitCli;
import io.quantapilot.forge.Identity;
import io.quantapilot.forge.LocalRepositories;
import io.quantapilot.forge.Workspace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Serves the local forge from a plain embedded Tomcat and talks to it with the real git client.
 */
class GitHttpServletsIntegrationTests {

	@TempDir
	static Path temp;

	private static Tomcat tomcat;

	private static String base;

	private static GitCli git;

	private static String mainCommit;

	@BeforeAll
	static void startServer() throws LifecycleException, IOException {
		LocalRepositories repositories = new LocalRepositories(temp.resolve("repos"));
		Path bare = repositories.create("acme", "app");
		try (Workspace workspace = Workspace.open(temp.resolve("ws"), bare.toUri(),
				new Identity("QuantaPilot", "bot@quantapilot.local"))) {
			workspace.checkoutStageBranch("feature/stage-1-skeleton");
			Files.writeString(workspace.dir().resolve("README.md"), "# App\n");
			workspace.commitAll("docs: readme");
			mainCommit = workspace.squashMergeIntoMain("feature/stage-1-skeleton", "feat: skeleton", "1").commitId();
		}
		repositories.create("acme", "empty");

		tomcat = new Tomcat();
		tomcat.setBaseDir(Files.createDirectories(temp.resolve("tomcat")).toString());
		tomcat.setPort(0);
		tomcat.getConnector().setProperty("address", "127.0.0.1");
		Context context = tomcat.addContext("", Files.createDirectories(temp.resolve("docroot")).toString());
		Tomcat.addServlet(context, "git", GitHttpServlets.readOnly(repositories));
		context.addServletMappingDecoded("/git/*", "git");
		tomcat.start();
		base = "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/git/";
		git = new GitCli(temp.resolve("home"));
	}

	@AfterAll
	static void stopServer() throws LifecycleException {
		if (tomcat != null) {
			tomcat.stop();
			tomcat.destroy();
		}
	}

	@Test
	void gitCloneOverHttpGetsTheHistory() {
		Path clone = temp.resolve("clone");

		git.run(temp, "clone", "-q", base + "acme/app.git", clone.toString());

		assertThat(clone.resolve("README.md")).hasContent("# App");
		assertThat(git.run(clone, "rev-parse", "HEAD")).isEqualTo(mainCommit);
		assertThat(git.run(clone, "rev-parse", "--abbrev-ref", "HEAD")).isEqualTo("main");
		assertThat(git.run(clone, "log", "--format=%s").lines()).containsExactly("feat: skeleton",
				"chore: initialise repository");
	}

	@Test
	void theGitSuffixIsOptional() {
		assertThat(git.run(temp, "ls-remote", base + "acme/app")).contains(mainCommit + "\trefs/heads/main");
	}

	@Test
	void anEmptyRepositoryClones() {
		GitCli.Result result = git.tryRun(temp, "clone", base + "acme/empty.git", temp.resolve("empty").toString());

		assertThat(result.exitCode()).isZero();
		assertThat(result.stderr()).contains("empty repository");
	}

	@Test
	void pushIsRefused() throws IOException {
		Path clone = temp.resolve("pusher");
		git.run(temp, "clone", "-q", base + "acme/app.git", clone.toString());
		Files.writeString(clone.resolve("evil.txt"), "x");
		git.run(clone, "add", "evil.txt");
		git.run(clone, "commit", "-q", "-m", "feat: evil");

		GitCli.Result push = git.tryRun(clone, "push", "origin", "main");

		assertThat(push.exitCode()).isNotZero();
		assertThat(push.stderr()).contains("403");
		assertThat(git.run(temp.resolve("repos/acme/app.git"), "rev-parse", "main")).isEqualTo(mainCommit);
	}

	@Test
	void receivePackIsForbiddenAndUnknownRepositoriesAreNotFound() throws Exception {
		assertThat(get("acme/app.git/info/refs?service=git-receive-pack")).isEqualTo(403);
		assertThat(get("acme/app.git/info/refs?service=git-upload-pack")).isEqualTo(200);
		assertThat(get("acme/missing.git/info/refs?service=git-upload-pack")).isEqualTo(404);
		assertThat(git.tryRun(temp, "ls-remote", base + "acme/missing.git").exitCode()).isNotZero();
	}

	@Test
	void rawFilesAndPathEscapesAreNotServed() throws Exception {
		assertThat(get("acme/app.git/HEAD")).isNotEqualTo(200);
		assertThat(get("acme/app.git/config")).isNotEqualTo(200);
		assertThat(get("acme/..%2F..%2Frepos%2Facme%2Fapp.git/info/refs?service=git-upload-pack")).isNotEqualTo(200);
		assertThat(get("../repos/acme/app.git/info/refs?service=git-upload-pack")).isNotEqualTo(200);
		assertThat(get("acme/app.git/../../../../../etc/passwd")).isNotEqualTo(200);
		assertThat(get("acme/%2e%2e/%2e%2e/repos/acme/app.git/info/refs?service=git-upload-pack")).isNotEqualTo(200);
		assertThat(get("repos/acme/app.git/info/refs?service=git-upload-pack")).isEqualTo(404);
	}

	private static int get(String path) throws IOException, InterruptedException {
		HttpClient client = HttpClient.newHttpClient();
		HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).GET().build();
		return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

}
