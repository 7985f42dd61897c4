package io.quantapilot.ops.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code quantapilot server} refuses before starting anything, and what its help says. */
class ServerCommandUnitTests {

	@Test
	void unknownRolesAreAUsageError() {
		StringWriter err = new StringWriter();
		int exit = RootCommand.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "server",
				"--roles", "api,workers");
		assertThat(exit).isEqualTo(2);
		assertThat(err.toString()).contains("unknown role 'workers'")
			.contains("api, agents, forge, notifications, dashboard, engine");
	}

	@Test
	void anImpossiblePortIsAUsageError() {
		StringWriter err = new StringWriter();
		int exit = RootCommand.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "server",
				"--port", "70000");
		assertThat(exit).isEqualTo(2);
		assertThat(err.toString()).contains("--port must be between 1 and 65535");
	}

	@Test
	void helpDescribesTheRolesTheirPortsAndSplitMode() {
		StringWriter out = new StringWriter();
		int exit = RootCommand.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter()), "server",
				"--help");
		assertThat(exit).isZero();
		assertThat(out.toString()).contains("--roles")
			.contains("agents         3001")
			.contains("engine         3005")
			.contains("QP_DATABASE_URL")
			.contains("QP_PUBLIC_URL");
	}

}
