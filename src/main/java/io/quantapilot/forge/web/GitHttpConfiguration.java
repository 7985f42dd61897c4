package io.quantapilot.forge.web;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.forge.LocalRepositories;
import io.quantapilot.forge.git.GitHttpServlets;
import jakarta.servlet.http.HttpServlet;

import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Serves the local forge's repositories read-only over git's smart HTTP at {@code /git/{owner}/{repo}.git}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(Role.API)
class GitHttpConfiguration {

	@Bean
	ServletRegistrationBean<HttpServlet> gitServlet(LocalRepositories repositories) {
		ServletRegistrationBean<HttpServlet> registration = new ServletRegistrationBean<>(
				GitHttpServlets.readOnly(repositories), "/git/*");
		registration.setName("git");
		registration.setLoadOnStartup(1);
		return registration;
	}

}
