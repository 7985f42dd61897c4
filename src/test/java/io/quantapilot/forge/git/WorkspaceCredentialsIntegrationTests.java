package io.quantapilot.forge.git;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quantapilot.forge.GitCredentials;
import io.quantapilot.forge.GitOperationException;
import io.quantapilot.forge.Identity;
import io.quantapilot.forge.LocalRepositories;
import io.quantapilot.forge.Workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Clones over HTTP from a server that demands a token, the way GitHub does, to check that
 * credentials reach the transport and nowhere else.
 */
class WorkspaceCredentialsIntegrationTests {

	private static final Identity BOT = new Identity("QuantaPilot", "bot@quantapilot.local");

	private static final String TOKEN = "ghs_s3cr3tT0ken";

	@TempDir
	static Path temp;

	private static Tomcat tomcat;

	private static URI remote;

	private static String mainCommit;

	@BeforeAll
	static void startServer() throws LifecycleException, IOException {
		LocalRepositories repositories = new LocalRepositories(temp.resolve("repos"));
		try (Workspace seed = Workspace.open(temp.resolve("seed"), repositories.create("acme", "app").toUri(), BOT)) {
			mainCommit = seed.headCommit();
		}
		tomcat = new Tomcat();
		tomcat.setBaseDir(Files.createDirectories(temp.resolve("tomcat")).toString());
		tomcat.setPort(0);
		tomcat.getConnector().setProperty("address", "127.0.0.1");
		Context context = tomcat.addContext("", Files.createDirectories(temp.resolve("docroot")).toString());
		Tomcat.addServlet(context, "git", GitHttpServlets.readOnly(repositories));
		context.addServletMappingDecoded("/git/*", "git");
		FilterDef auth = new FilterDef();
		auth.setFilterName("auth");
		auth.setFilter(basicAuth("x-access-token", TOKEN));
		context.addFilterDef(auth);
		FilterMap mapping = new FilterMap();
		mapping.setFilterName("auth");
		mapping.addURLPattern("/git/*");
		context.addFilterMap(mapping);
		tomcat.start();
		remote = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/git/acme/app.git");
	}

	@AfterAll
	static void stopServer() throws LifecycleException {
		if (tomcat != null) {
			tomcat.stop();
			tomcat.destroy();
		}
	}

	@Test
	void tokenIsSentToTheRemoteButNeverStored() throws IOException {
		AtomicReference<URI> askedFor = new AtomicReference<>();
		GitCredentials credentials = uri -> {
			askedFor.set(uri);
			return GitCredentials.token(() -> TOKEN).forRemote(uri);
		};

		try (Workspace workspace = Workspace.open(temp.resolve("ws"), remote, BOT, credentials)) {
			workspace.fetch();

			assertThat(workspace.headCommit()).isEqualTo(mainCommit);
			assertThat(askedFor.get()).isEqualTo(remote);
			try (var files = Files.walk(workspace.dir().resolve(".git"))) {
				for (Path file : files.filter(Files::isRegularFile).toList()) {
					assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
						.as(file.toString())
						.doesNotContain(TOKEN);
				}
			}
		}
	}

	@Test
	void missingOrWrongCredentialsArePermanentFailures() {
		assertThatThrownBy(() -> Workspace.open(temp.resolve("anonymous"), remote, BOT))
			.isInstanceOfSatisfying(GitOperationException.class, ex -> assertThat(ex.isTransient()).isFalse());
		assertThatThrownBy(() -> Workspace.open(temp.resolve("wrong"), remote, BOT, GitCredentials.token(() -> "nope")))
			.isInstanceOfSatisfying(GitOperationException.class, ex -> {
				assertThat(ex.isTransient()).isFalse();
				assertThat(ex).hasMessageNotContaining("nope");
			});
		assertThat(temp.resolve("anonymous")).doesNotExist();
	}

	private static Filter basicAuth(String user, String password) {
		String expected = "Basic "
				+ Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
		return (request, response, chain) -> {
			if (expected.equals(((HttpServletRequest) request).getHeader("Authorization"))) {
				chain.doFilter(request, response);
				return;
			}
			HttpServletResponse http = (HttpServletResponse) response;
			http.setHeader("WWW-Authenticate", "Basic realm=\"git\"");
			http.sendError(HttpServletResponse.SC_UNAUTHORIZED);
		};
	}

}
