package io.quantapilot.forge;

import java.util.Objects;

/**
 * The person or bot recorded as author and committer of the commits and tags the platform makes.
 *
 * @param name display name, for example {@code QuantaPilot}
 * @param email e-mail address, for example {@code bot@quantapilot.local}
 */
public record Identity(String name, String email) {

	public Identity {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(email, "email");
		if (name.isBlank() || email.isBlank()) {
			throw new IllegalArgumentException("identity name and email must not be blank");
		}
		// A line break would let the value forge extra header lines in the commit object.
		if (containsLineBreak(name) || containsLineBreak(email) || email.contains("<") || email.contains(">")) {
			throw new IllegalArgumentException("identity contains characters not allowed in a git ident");
		}
	}

	private static boolean containsLineBreak(String value) {
		return value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
	}

}
