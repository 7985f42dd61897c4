package io.quantapilot.ops;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import io.quantapilot.ops.cli.RootCommand;
import io.quantapilot.support.ApplicationIntegrationTest;
import io.quantapilot.support.Examples;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code quantapilot projects …} and {@code decisions …} against a running server. */
class ClientCommandsIntegrationTests extends ApplicationIntegrationTest {

	@Test
	void listShowAndDecideFromTheCommandLine() {
		String id = createProject(Examples.readme("notes-cli-python"));
		JsonNode decision = awaitPendingDecision(id, "plan_approval", Duration.ofSeconds(60));
		String url = "http://localhost:" + port;

		String list = cli("projects", "list", "--url", url, "--api-key", ADMIN_KEY);
		assertThat(list).contains(id).contains("awaiting_approval");
		String decisions = cli("decisions", "list", "--url", url, "--api-key", ADMIN_KEY, "--project", id);
		assertThat(decisions).contains(decision.path("decision_id").asString()).contains("plan_approval");
		String approved = cli("decisions", "approve", decision.path("decision_id").asString(), "-m", "ship it",
				"--url", url, "--api-key", ADMIN_KEY);
		assertThat(approved).contains("approved (by admin)");

		awaitStatus(id, "completed", Duration.ofMinutes(3));
		String show = cli("projects", "show", id, "--url", url, "--api-key", ADMIN_KEY);
		assertThat(show).contains("status:      completed").contains("1. project-skeleton").contains("completed");

		StringWriter err = new StringWriter();
		int exit = RootCommand.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "decisions",
				"reject", decision.path("decision_id").asString(), "--url", url, "--api-key", ADMIN_KEY);
		assertThat(exit).isEqualTo(1);
		assertThat(err.toString()).contains("409").contains("CONFLICT");
	}

	private static String cli(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exit = RootCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
		assertThat(exit).as(err.toString()).isZero();
		return out.toString();
	}

}
