package io.quantapilot.ops.deployment;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeploymentEnvironmentUnitTests {

	private final DeploymentEnvironment processor = new DeploymentEnvironment();

	@Test
	void standaloneListensOn3000AndLogsUnderStandalone() {
		MockEnvironment environment = new MockEnvironment().withProperty("server.port",
				"${QP_PORT:${quantapilot.role-port:9999}}");
		processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("server.port")).isEqualTo("3000");
		assertThat(environment.getProperty("quantapilot.log-name")).isEqualTo("standalone");
	}

	@Test
	void aSplitProcessTakesItsRolesPortAndLogDirectory() {
		MockEnvironment environment = split("agents").withProperty("server.port",
				"${QP_PORT:${quantapilot.role-port:9999}}");
		processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("server.port")).isEqualTo("3001");
		assertThat(environment.getProperty("quantapilot.log-name")).isEqualTo("agents");

		MockEnvironment several = split("notifications,dashboard");
		processor.postProcessEnvironment(several, new SpringApplication());
		assertThat(several.getProperty("quantapilot.role-port")).isEqualTo("3000");
		assertThat(several.getProperty("quantapilot.log-name")).isEqualTo("notifications-dashboard");
	}

	@Test
	void librariesServingAnotherRolesPathsAreSwitchedOff() {
		MockEnvironment agents = split("agents").withProperty("springdoc.api-docs.enabled", "true");
		processor.postProcessEnvironment(agents, new SpringApplication());
		assertThat(agents.getProperty("springdoc.api-docs.enabled")).isEqualTo("false");
		assertThat(agents.getProperty("spring.web.resources.add-mappings")).isEqualTo("false");

		MockEnvironment front = split("api,dashboard").withProperty("springdoc.api-docs.enabled", "true");
		processor.postProcessEnvironment(front, new SpringApplication());
		assertThat(front.getProperty("springdoc.api-docs.enabled")).isEqualTo("true");
		assertThat(front.getProperty("spring.web.resources.add-mappings")).isNull();
	}

	@Test
	void explicitSettingsWinOverTheRoleDefaults() {
		MockEnvironment environment = split("engine").withProperty("quantapilot.role-port", "4100");
		processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("quantapilot.role-port")).isEqualTo("4100");
	}

	@Test
	void unknownRolesAreRefused() {
		MockEnvironment environment = new MockEnvironment().withProperty("quantapilot.roles", "api,cursor");
		assertThatThrownBy(() -> processor.postProcessEnvironment(environment, new SpringApplication()))
			.isInstanceOf(InvalidDeploymentException.class)
			.hasMessageContaining("unknown role 'cursor'")
			.satisfies(ex -> assertThat(((InvalidDeploymentException) ex).action()).contains("--roles"));
	}

	@Test
	void aSplitProcessNeedsAnExternalDatabase() {
		MockEnvironment environment = new MockEnvironment().withProperty("quantapilot.roles", "agents")
			.withProperty("quantapilot.public-url", "http://gateway:3000");
		assertThatThrownBy(() -> processor.postProcessEnvironment(environment, new SpringApplication()))
			.isInstanceOf(InvalidDeploymentException.class)
			.hasMessageContaining("only the agents role")
			.hasMessageContaining("external PostgreSQL")
			.satisfies(ex -> assertThat(((InvalidDeploymentException) ex).action()).contains("QP_DATABASE_URL"));
	}

	@Test
	void aSplitProcessNeedsThePublicUrl() {
		MockEnvironment environment = new MockEnvironment().withProperty("quantapilot.roles", "api,engine")
			.withProperty("quantapilot.database.url", "jdbc:postgresql://db/quantapilot");
		assertThatThrownBy(() -> processor.postProcessEnvironment(environment, new SpringApplication()))
			.isInstanceOf(InvalidDeploymentException.class)
			.hasMessageContaining("only the api, engine roles")
			.satisfies(ex -> assertThat(((InvalidDeploymentException) ex).action()).contains("QP_PUBLIC_URL"));
	}

	@Test
	void standaloneNeedsNeitherSetting() {
		MockEnvironment environment = new MockEnvironment().withProperty("quantapilot.roles", "all");
		processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("quantapilot.log-name")).isEqualTo("standalone");
	}

	private static MockEnvironment split(String roles) {
		return new MockEnvironment().withProperty("quantapilot.roles", roles)
			.withProperty("quantapilot.database.url", "jdbc:postgresql://db/quantapilot")
			.withProperty("quantapilot.public-url", "http://gateway:3000");
	}

}
