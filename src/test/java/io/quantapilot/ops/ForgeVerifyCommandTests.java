package io.quantapilot.ops;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import io.quantapilot.forge.github.GitHubStandIn;
import io.quantapilot.ops.cli.RootCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code quantapilot forge verify} against the stand-in of GitHub: a good token, and a rejected one. */
class ForgeVerifyCommandTests {

	@TempDir
	Path temp;

	@Test
	void reportsTheTokensUserScopesAndRateLimitAndNeverPrintsTheToken() {
		try (GitHubStandIn github = new GitHubStandIn(temp)) {
			StringWriter out = new StringWriter();
			StringWriter err = new StringWriter();
			int exit = RootCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), "forge", "verify",
					"--api-url", github.apiUrl(), "--token", GitHubStandIn.TOKEN);
			assertThat(exit).as(err.toString()).isZero();
			assertThat(out.toString()).contains("valid, User qp-bot", "Scopes:      repo, workflow", "of 5000 left", "OK")
				.doesNotContain(GitHubStandIn.TOKEN);

			StringWriter badOut = new StringWriter();
			StringWriter badErr = new StringWriter();
			int refused = RootCommand.execute(new PrintWriter(badOut, true), new PrintWriter(badErr, true), "forge",
					"verify", "--api-url", github.apiUrl(), "--token", "ghp_notTheRightOne");
			assertThat(refused).isEqualTo(1);
			assertThat(badErr.toString()).contains("401", "Bad credentials").doesNotContain("ghp_notTheRightOne");
		}
	}

}
