package io.quantapilot.common;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** The role switch on beans: present when the process runs one of the named roles, absent otherwise. */
class ConditionalOnRoleTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(RoleBeans.class);

	@Test
	void standaloneHasEveryRolesBeans() {
		runner.run(context -> assertThat(context).hasBean("workerPool").hasBean("webUi").hasBean("forgeOrApi"));
	}

	@Test
	void aSplitProcessHasOnlyItsRolesBeans() {
		runner.withPropertyValues("quantapilot.roles=agents")
			.run(context -> assertThat(context).hasBean("workerPool").doesNotHaveBean("webUi")
				.doesNotHaveBean("forgeOrApi"));
		runner.withPropertyValues("quantapilot.roles=dashboard,forge")
			.run(context -> assertThat(context).doesNotHaveBean("workerPool").hasBean("webUi").hasBean("forgeOrApi"));
	}

	@Test
	void anUnknownRoleFailsTheContext() {
		runner.withPropertyValues("quantapilot.roles=agent")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.isInstanceOf(Roles.InvalidRolesException.class)
				.hasMessageContaining("unknown role 'agent'"));
	}

	@Configuration(proxyBeanMethods = false)
	static class RoleBeans {

		@Bean
		@ConditionalOnRole(Role.AGENTS)
		String workerPool() {
			return "worker pool";
		}

		@Bean
		@ConditionalOnRole(Role.DASHBOARD)
		String webUi() {
			return "web UI";
		}

		@Bean
		@ConditionalOnRole({ Role.FORGE, Role.API })
		String forgeOrApi() {
			return "either";
		}

	}

}
