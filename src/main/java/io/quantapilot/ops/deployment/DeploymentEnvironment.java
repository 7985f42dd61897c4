package io.quantapilot.ops.deployment;

import java.util.HashMap;
import java.util.Map;

import io.quantapilot.common.Role;
import io.quantapilot.common.Roles;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Reads {@code quantapilot.roles} before anything starts: unknown roles fail at once, a split process
 * (some roles only) must name the external database and public URL all processes share, and the defaults
 * that follow from the roles are set in one place — the HTTP port ({@code quantapilot.role-port}, the
 * runbook port of a single role, else 3000) and the log directory ({@code quantapilot.log-name}:
 * {@code standalone}, the role, or the roles joined with {@code -}). Libraries that serve a role's paths
 * outside our beans are switched off where the role does not run: the OpenAPI document (api) and the static
 * files of the UI (dashboard). Runs after {@code application.yml} is loaded, before logging starts, so the log
 * file already lands in the role's directory.
 */
class DeploymentEnvironment implements EnvironmentPostProcessor, Ordered {

	static final String SOURCE = "quantapilotRoleDefaults";

	static final String FORCED = "quantapilotRoleSwitches";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Roles roles;
		try {
			roles = Roles.from(environment);
		}
		catch (Roles.InvalidRolesException ex) {
			throw new InvalidDeploymentException(ex.getMessage(),
					"Start the server with --roles naming some of " + Roles.known()
							+ " (comma separated), or without --roles for a standalone server running them all.");
		}
		if (!roles.standalone()) {
			requireSplitSettings(environment, roles);
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(SOURCE,
					Map.of("quantapilot.role-port", roles.defaultPort(), "quantapilot.log-name", roles.logName())));
		Map<String, Object> switches = new HashMap<>();
		if (!roles.runs(Role.API)) {
			switches.put("springdoc.api-docs.enabled", false);
		}
		if (!roles.runs(Role.DASHBOARD)) {
			switches.put("spring.web.resources.add-mappings", false);
		}
		if (!switches.isEmpty()) {
			// Above application.yml: a role that does not run here cannot be switched back on by a setting.
			environment.getPropertySources().addFirst(new MapPropertySource(FORCED, switches));
		}
	}

	/**
	 * Split processes share the database (work crosses roles only through it) and one public address: a
	 * repository URL made by the agents process must be the one the API serves, and links must reach the
	 * process serving them.
	 */
	private static void requireSplitSettings(ConfigurableEnvironment environment, Roles roles) {
		Binder binder = Binder.get(environment);
		String what = "This process runs only the " + String.join(", ", roles.names()) + " role"
				+ (roles.names().size() > 1 ? "s" : "") + " (a split deployment)";
		if (binder.bind("quantapilot.database.url", String.class).map(String::strip).orElse("").isEmpty()) {
			throw new InvalidDeploymentException(what
					+ ", which needs an external PostgreSQL shared by all processes; the embedded database is for "
					+ "the standalone server only.",
					"Set QP_DATABASE_URL (e.g. jdbc:postgresql://db:5432/quantapilot), QP_DATABASE_USER and "
							+ "QP_DATABASE_PASSWORD for every process, or start without --roles.");
		}
		if (binder.bind("quantapilot.public-url", String.class).map(String::strip).orElse("").isEmpty()) {
			throw new InvalidDeploymentException(what
					+ ", which needs the public URL every process uses in clone URLs and links; each process "
					+ "would otherwise name its own port.",
					"Set QP_PUBLIC_URL for every process to the address people and agents reach the deployment "
							+ "by: the api process (it serves /api and /git), or a reverse proxy in front of all roles.");
		}
	}

	@Override
	public int getOrder() {
		// After application.yml and the environment variables are in place.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
