package io.quantapilot.ops.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;

import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.forge.GitHubTokenCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quantapilot forge verify}: checks a GitHub token, its scopes and its rate limit (runbook: verify the forge). */
@Command(name = "forge", mixinStandardHelpOptions = true, description = "Check the forge QuantaPilot works with.",
		subcommands = { ForgeCommand.Verify.class })
final class ForgeCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		spec.commandLine().usage(spec.commandLine().getOut());
	}

	@Command(name = "verify", mixinStandardHelpOptions = true,
			description = "Check the GitHub token: whose it is, its scopes, and the rate limit left.")
	static final class Verify implements Callable<Integer> {

		@Spec
		CommandSpec spec;

		@Option(names = "--api-url", defaultValue = "${env:QUANTAPILOT_FORGE_GITHUB_APIURL:-https://api.github.com}",
				description = "GitHub API base, https://<host>/api/v3 for GitHub Enterprise (default: ${DEFAULT-VALUE}).")
		URI apiUrl;

		// Read from the environment by default so the token does not end up in shell history or ps output.
		@Option(names = "--token", defaultValue = "${env:QUANTAPILOT_FORGE_GITHUB_TOKEN}",
				description = "The token (default: $QUANTAPILOT_FORGE_GITHUB_TOKEN).")
		String token;

		@Override
		public Integer call() {
			PrintWriter out = spec.commandLine().getOut();
			if (token == null || token.isBlank()) {
				throw new CliException("no token: set QUANTAPILOT_FORGE_GITHUB_TOKEN (or pass --token)");
			}
			GitHubTokenCheck.Report report;
			try {
				report = GitHubTokenCheck.check(apiUrl, token.strip());
			}
			catch (QuantaPilotException ex) {
				throw new CliException("GitHub at " + apiUrl + ": " + ex.getMessage());
			}
			out.println("GitHub API:  " + apiUrl);
			out.println("Token:       valid, " + report.type() + " " + report.login());
			out.println("Scopes:      " + (report.scopesReported()
					? (report.scopes().isEmpty() ? "(none)" : String.join(", ", report.scopes()))
					: "not reported (a fine-grained or app token: check its repository permissions on GitHub)"));
			out.println("Rate limit:  " + report.remaining() + " of " + report.limit() + " left, resets at "
					+ report.reset());
			int problems = 0;
			if (report.lacksRepoScope()) {
				out.println("Problem:     the token lacks the 'repo' scope (repositories, pull requests, statuses)");
				problems++;
			}
			if (report.remaining() == 0) {
				out.println("Problem:     the rate limit is exhausted until " + report.reset());
				problems++;
			}
			out.println(problems == 0 ? "OK" : "NOT OK");
			return problems == 0 ? 0 : 1;
		}

	}

}
