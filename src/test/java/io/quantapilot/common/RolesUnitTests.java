package io.quantapilot.common;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RolesUnitTests {

	@Test
	void nothingOrAllMeansStandalone() {
		for (List<String> names : List.of(List.<String>of(), List.of(""), List.of("all"), List.of("api,all"),
				List.of("api,agents,forge,notifications,dashboard,engine"))) {
			Roles roles = Roles.parse(names);
			assertThat(roles.standalone()).as(names.toString()).isTrue();
			assertThat(roles.names()).containsExactly("api", "agents", "forge", "notifications", "dashboard", "engine");
			assertThat(roles.logName()).isEqualTo("standalone");
			assertThat(roles.defaultPort()).isEqualTo(3000);
			assertThat(roles.toString()).isEqualTo("all");
		}
	}

	@Test
	void oneRoleTakesItsRunbookPortAndLogDirectory() {
		assertThat(Roles.parse(List.of("agents")).defaultPort()).isEqualTo(3001);
		assertThat(Roles.parse(List.of("forge")).defaultPort()).isEqualTo(3002);
		assertThat(Roles.parse(List.of("notifications")).defaultPort()).isEqualTo(3003);
		assertThat(Roles.parse(List.of("dashboard")).defaultPort()).isEqualTo(3004);
		assertThat(Roles.parse(List.of("engine")).defaultPort()).isEqualTo(3005);
		Roles agents = Roles.parse(List.of(" Agents "));
		assertThat(agents.standalone()).isFalse();
		assertThat(agents.runs(Role.AGENTS)).isTrue();
		assertThat(agents.runs(Role.API)).isFalse();
		assertThat(agents.logName()).isEqualTo("agents");
		assertThat(agents.services()).containsExactly("worker_pool");
	}

	@Test
	void severalRolesShareTheApiPortAndJoinTheirNamesInCanonicalOrder() {
		Roles roles = Roles.parse(List.of("engine,api", "forge"));
		assertThat(roles.names()).containsExactly("api", "forge", "engine");
		assertThat(roles.logName()).isEqualTo("api-forge-engine");
		assertThat(roles.defaultPort()).isEqualTo(3000);
		assertThat(roles.toString()).isEqualTo("api,forge,engine");
		assertThat(roles.services()).contains("rest_api", "git_http", "checks_watcher", "async_executor")
			.doesNotContain("worker_pool", "web_ui");
	}

	@Test
	void unknownRolesAreNamedWithTheKnownOnes() {
		assertThatThrownBy(() -> Roles.parse(List.of("api,workers,gateway")))
			.isInstanceOf(Roles.InvalidRolesException.class)
			.hasMessageContaining("unknown roles 'workers', 'gateway'")
			.hasMessageContaining("api, agents, forge, notifications, dashboard, engine");
	}

	@Test
	void readsTheRolesPropertyInAnyOfItsForms() {
		assertThat(Roles.from(new MockEnvironment()).standalone()).isTrue();
		assertThat(Roles.from(new MockEnvironment().withProperty("quantapilot.roles", "api,engine")).names())
			.containsExactly("api", "engine");
		assertThat(Roles.from(new MockEnvironment().withProperty("quantapilot.roles[0]", "agents")).names())
			.containsExactly("agents");
	}

	@Test
	void platformSettingsRefuseUnknownRoles() {
		assertThatThrownBy(() -> new PlatformSettings(java.nio.file.Path.of("data"), java.nio.file.Path.of("logs"),
				null, java.util.Set.of("apii"), java.time.Duration.ofMinutes(2)))
			.hasMessageContaining("unknown role 'apii'");
	}

}
