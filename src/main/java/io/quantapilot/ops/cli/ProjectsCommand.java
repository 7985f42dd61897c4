package io.quantapilot.ops.cli;

import java.io.PrintWriter;
import java.util.UUID;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;

/** {@code quantapilot projects list|show}: projects of a running server. */
@Command(name = "projects", mixinStandardHelpOptions = true, description = "List and show projects on a server.",
		subcommands = { ProjectsCommand.ListProjects.class, ProjectsCommand.ShowProject.class })
final class ProjectsCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		spec.commandLine().usage(spec.commandLine().getOut());
	}

	@Command(name = "list", mixinStandardHelpOptions = true, description = "List projects.")
	static final class ListProjects implements Callable<Integer> {

		@Mixin
		ServerOptions server;

		@Spec
		CommandSpec spec;

		@Option(names = "--status", description = "Only projects with this status.")
		String status;

		@Option(names = "--limit", defaultValue = "20", description = "At most this many (1–100).")
		int limit;

		@Option(names = "--offset", defaultValue = "0", description = "Skip this many.")
		int offset;

		@Override
		public Integer call() {
			String query = "/api/v1/projects?limit=" + limit + "&offset=" + offset
					+ (status != null ? "&status=" + java.net.URLEncoder.encode(status, java.nio.charset.StandardCharsets.UTF_8) : "");
			JsonNode body = server.client().get(query);
			PrintWriter out = spec.commandLine().getOut();
			if (server.json) {
				out.println(body.toPrettyString());
				return 0;
			}
			out.printf("%-36s  %-18s  %s%n", "ID", "STATUS", "NAME");
			for (JsonNode p : body.path("projects")) {
				out.printf("%-36s  %-18s  %s%n", p.path("project_id").asString(), p.path("status").asString(),
						p.path("name").asString());
			}
			JsonNode page = body.path("pagination");
			out.printf("%d of %d shown%s%n", body.path("projects").size(), page.path("total").asLong(),
					page.path("has_more").asBoolean() ? " (more: use --offset)" : "");
			return 0;
		}

	}

	@Command(name = "show", mixinStandardHelpOptions = true, description = "Show one project with its stages.")
	static final class ShowProject implements Callable<Integer> {

		@Mixin
		ServerOptions server;

		@Spec
		CommandSpec spec;

		@Parameters(paramLabel = "PROJECT_ID", description = "The project's id.")
		UUID id;

		@Override
		public Integer call() {
			ApiClient client = server.client();
			JsonNode project = client.get("/api/v1/projects/" + id);
			JsonNode stages = client.get("/api/v1/projects/" + id + "/stages");
			PrintWriter out = spec.commandLine().getOut();
			if (server.json) {
				out.println(project.toPrettyString());
				out.println(stages.toPrettyString());
				return 0;
			}
			out.printf("%s (%s)%n", project.path("name").asString(), project.path("project_id").asString());
			out.printf("  status:      %s%n", project.path("status").asString());
			out.printf("  repository:  %s%n", project.path("artifacts").path("repository_url").asString("-"));
			JsonNode usage = project.path("resource_usage");
			out.printf("  usage:       %d tokens, $%s, %s elapsed%n", usage.path("tokens_used").asLong(),
					usage.path("cost_usd").asString(), usage.path("time_elapsed").asString());
			if (!project.path("failure_reason").isNull() && project.has("failure_reason")) {
				out.printf("  reason:      %s%n", project.path("failure_reason").asString());
			}
			out.println("  stages:");
			for (JsonNode s : stages.path("stages")) {
				out.printf("    %d. %-24s %-18s %s%n", s.path("number").asInt(), s.path("name").asString(),
						s.path("status").asString(), s.path("branch").asString());
			}
			return 0;
		}

	}

}
