package io.quantapilot.common;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The roles one process runs, parsed from {@code quantapilot.roles} ({@code --roles}): empty or {@code all}
 * means every role (standalone). The single place that knows what a set of roles implies: its default
 * port, its log directory and whether it is a split process.
 *
 * @param roles the roles, never empty
 */
public record Roles(Set<Role> roles) {

	/** The property that names the roles. */
	public static final String PROPERTY = "quantapilot.roles";

	private static final String ALL = "all";

	public Roles {
		roles = Collections.unmodifiableSet(
				roles == null || roles.isEmpty() ? EnumSet.allOf(Role.class) : EnumSet.copyOf(roles));
	}

	/** Every role in one process. */
	public static Roles standaloneRoles() {
		return new Roles(EnumSet.allOf(Role.class));
	}

	/**
	 * Parses role names (each may itself be comma separated); blank or {@code all} means every role.
	 *
	 * @throws InvalidRolesException when a name is not a role
	 */
	public static Roles parse(Collection<String> names) {
		EnumSet<Role> roles = EnumSet.noneOf(Role.class);
		List<String> unknown = new ArrayList<>();
		boolean all = false;
		for (String entry : names == null ? List.<String>of() : names) {
			for (String raw : entry == null ? new String[0] : entry.split(",")) {
				String name = raw.strip().toLowerCase(Locale.ROOT);
				if (name.isEmpty()) {
					continue;
				}
				if (name.equals(ALL)) {
					all = true;
					continue;
				}
				Arrays.stream(Role.values()).filter(r -> r.wireName().equals(name)).findFirst()
					.ifPresentOrElse(roles::add, () -> unknown.add(raw.strip()));
			}
		}
		if (!unknown.isEmpty()) {
			throw new InvalidRolesException("unknown role" + (unknown.size() > 1 ? "s " : " ")
					+ unknown.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", ")) + " in --roles ("
					+ PROPERTY + "); the roles are " + known() + ", or " + ALL);
		}
		return all ? standaloneRoles() : new Roles(roles);
	}

	/** The roles configured in the environment ({@code quantapilot.roles}, {@code QUANTAPILOT_ROLES}). */
	public static Roles from(Environment environment) {
		List<String> names = Binder.get(environment).bind(PROPERTY, Bindable.listOf(String.class)).orElse(List.of());
		return parse(names);
	}

	/** The role names, comma separated, in their canonical order. */
	public static String known() {
		return Arrays.stream(Role.values()).map(Role::wireName).collect(Collectors.joining(", "));
	}

	public boolean runs(Role role) {
		return roles.contains(role);
	}

	/** Whether this process runs every role (the standalone server with its embedded database). */
	public boolean standalone() {
		return roles.size() == Role.values().length;
	}

	/** The role names in canonical order. */
	public List<String> names() {
		return roles.stream().map(Role::wireName).toList();
	}

	/** What the roles serve or run, as {@code /health} lists it. */
	public List<String> services() {
		return roles.stream().flatMap(r -> r.services().stream()).toList();
	}

	/**
	 * The directory name under the logs directory: {@code standalone}, the one role, or the roles joined
	 * with {@code -}.
	 */
	public String logName() {
		return standalone() ? "standalone" : String.join("-", names());
	}

	/** The runbook port of a single role; standalone and several roles share the API's 3000. */
	public int defaultPort() {
		return roles.size() == 1 ? roles.iterator().next().defaultPort() : Role.API.defaultPort();
	}

	@Override
	public String toString() {
		return standalone() ? ALL : String.join(",", names());
	}

	/** {@code quantapilot.roles} names something that is not a role. */
	public static final class InvalidRolesException extends IllegalArgumentException {

		InvalidRolesException(String message) {
			super(message);
		}

	}

}
