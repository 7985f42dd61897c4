package io.quantapilot.dashboard.web;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the {@link DashboardInterceptor} in front of the dashboard's handlers. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(Role.DASHBOARD)
class DashboardWebConfiguration implements WebMvcConfigurer {

	private final DashboardInterceptor interceptor;

	DashboardWebConfiguration(DashboardInterceptor interceptor) {
		this.interceptor = interceptor;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		// The interceptor itself skips handlers outside the dashboard, so the API is untouched.
		registry.addInterceptor(interceptor).excludePathPatterns("/api/**", "/health", "/metrics", "/git/**",
				"/webhooks/**", "/error", "/dashboard/**");
	}

}
