package io.quantapilot.common;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Registers the annotated bean only in a process that runs at least one of the given roles
 * ({@code quantapilot.roles}; standalone runs all). The one switch between roles: controllers, background
 * loops and their configuration carry it, so a process has neither the endpoints nor the threads of a role
 * it does not run.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnRoleCondition.class)
public @interface ConditionalOnRole {

	/** The roles, any of which enables the bean. */
	Role[] value();

}
