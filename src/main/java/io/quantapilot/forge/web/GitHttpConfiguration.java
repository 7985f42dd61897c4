package io.quantapilot.forge.web;

import io.quantapilot.forge.ForgeService;
import io.quantapilot.forge.git.GitHttpServlets;
import jakarta.servlet.http.HttpServlet;

import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Serves the local forge's repositories read-only over git's smart HTTP at {@code /git/{owner}/{repo}.git}. */
@Configuration(proxyBeanMethods = false)
class GitHttpConfiguration {

	@Bean
	ServletRegistrationBean<HttpServlet> gitServlet(ForgeService forge) {
		ServletRegistrationBean<HttpServlet> registration = new ServletRegistrationBean<>(
				GitHttpServlets.readOnly(forge.repositories()), "/git/*");
		registration.setName("git");
		registration.setLoadOnStartup(1);
		return registration;
	}

}
