package io.quantapilot.identity;

import java.util.UUID;

/** A user as other modules see it: who, and what they may do (never the password hash). */
public record User(UUID id, String username, UserRole role) {

	/** The principal acting for this user through a channel that carries no API key (chat, e-mail link). */
	public Principal asPrincipal() {
		return new Principal(id, username, role, null);
	}

}
