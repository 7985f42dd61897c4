package io.quantapilot.dashboard.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a dashboard handler that answers without a session (the sign-in page). Every other handler in
 * this package needs a signed-in user and, for state-changing requests, the session's CSRF token.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@interface PublicPage {
}
