package io.quantapilot.workflow.internal;

import java.util.Arrays;

import io.quantapilot.common.PlatformSettings;
import org.flowable.spring.SpringProcessEngineConfiguration;
import org.flowable.spring.boot.EngineConfigurationConfigurer;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Flowable set-up: after our Flyway migrations, async executor only on the engine role. */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

	/**
	 * Flowable creates its tables when the engine starts; Flyway refuses a non-empty schema without its
	 * history table, so the engine must wait for our migrations.
	 */
	@Bean
	static BeanFactoryPostProcessor engineAfterFlyway() {
		return beanFactory -> {
			if (!beanFactory.containsBeanDefinition("flywayInitializer")) {
				return;
			}
			for (String name : beanFactory.getBeanNamesForType(SpringProcessEngineConfiguration.class, true, false)) {
				BeanDefinition definition = beanFactory.getBeanDefinition(name);
				String[] dependsOn = definition.getDependsOn();
				String[] merged = dependsOn == null ? new String[] { "flywayInitializer" }
						: Arrays.copyOf(dependsOn, dependsOn.length + 1);
				merged[merged.length - 1] = "flywayInitializer";
				definition.setDependsOn(merged);
			}
		};
	}

	@Bean
	EngineConfigurationConfigurer<SpringProcessEngineConfiguration> engineTuning(PlatformSettings platform) {
		return configuration -> {
			configuration.setAsyncExecutorActivate(platform.runs(io.quantapilot.common.Role.ENGINE));
			// Two job threads beat more on two cores (DESIGN §4); long work runs in the worker pool anyway.
			configuration.setAsyncExecutorCorePoolSize(2);
			configuration.setAsyncExecutorMaxPoolSize(2);
			configuration.setAsyncExecutorDefaultAsyncJobAcquireWaitTime(250);
			configuration.setAsyncExecutorDefaultTimerJobAcquireWaitTime(1000);
			configuration.setAsyncExecutorNumberOfRetries(5);
		};
	}

}
