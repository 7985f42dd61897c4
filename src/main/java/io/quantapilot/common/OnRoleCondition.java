package io.quantapilot.common;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when the process runs one of the roles named by {@link ConditionalOnRole}. */
class OnRoleCondition implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		MergedAnnotation<ConditionalOnRole> annotation = metadata.getAnnotations().get(ConditionalOnRole.class);
		if (!annotation.isPresent()) {
			return true;
		}
		Roles roles = Roles.from(context.getEnvironment());
		for (Role role : annotation.getEnumArray("value", Role.class)) {
			if (roles.runs(role)) {
				return true;
			}
		}
		return false;
	}

}
