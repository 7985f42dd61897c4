package io.quantapilot.identity;

import java.util.Locale;

/** What a user may do: viewers look, operators steer, admins also manage users and keys. */
public enum UserRole {

	ADMIN, OPERATOR, VIEWER;

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public boolean canSteer() {
		return this != VIEWER;
	}

}
