package io.quantapilot.forge;

import io.quantapilot.common.PlatformSettings;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The local forge's repositories as a shared bean (the providers, the HTTP servlet and the URL rules use them). */
@Configuration(proxyBeanMethods = false)
class ForgeConfiguration {

	@Bean
	LocalRepositories localRepositories(PlatformSettings platform) {
		return new LocalRepositories(platform.reposDir());
	}

}
