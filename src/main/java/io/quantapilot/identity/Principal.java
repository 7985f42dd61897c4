package io.quantapilot.identity;

import java.util.UUID;

/** The authenticated caller of a request. */
public record Principal(UUID userId, String username, UserRole role, UUID apiKeyId) {

	/** How the caller appears in audit entries and decisions. */
	public String actor() {
		return username;
	}

}
