package io.quantapilot.forge.github;

import io.micrometer.core.instrument.MeterRegistry;
import io.quantapilot.forge.ForgeSettings;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The GitHub REST client, shared by the forge and the webhook receiver. */
@Configuration(proxyBeanMethods = false)
class GitHubConfiguration {

	@Bean
	GitHubApi gitHubApi(ForgeSettings settings, ObjectProvider<MeterRegistry> meters) {
		ForgeSettings.GitHub github = settings.github();
		return new GitHubApi(new GitHubClient(github.apiUrl(), github::token, meters.getIfAvailable(),
				github.rateLimitReserve(), github.maxRateLimitWait()));
	}

}
