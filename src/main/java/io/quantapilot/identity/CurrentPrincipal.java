package io.quantapilot.identity;

import java.util.Optional;

import io.quantapilot.common.QuantaPilotException;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/** Access to the principal the authentication filter attached to the current request. */
public final class CurrentPrincipal {

	/** Request attribute holding the {@link Principal}. */
	public static final String ATTRIBUTE = CurrentPrincipal.class.getName();

	private CurrentPrincipal() {
	}

	public static Optional<Principal> find() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes == null) {
			return Optional.empty();
		}
		return Optional.ofNullable((Principal) attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST));
	}

	public static Principal get() {
		return find().orElseThrow(() -> new QuantaPilotException.Forbidden("no authenticated caller"));
	}

	/** The current caller, who must be allowed to change things. */
	public static Principal steering() {
		Principal principal = get();
		if (!principal.role().canSteer()) {
			throw new QuantaPilotException.Forbidden("the " + principal.role().wireName() + " role can only read");
		}
		return principal;
	}

}
