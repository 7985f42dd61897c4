package io.quantapilot.common;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Platform-wide settings.
 *
 * @param dataDir where the database, repositories, workspaces and secrets live
 * @param logsDir where JSON log files are written
 * @param publicUrl the base URL under which this server is reachable (used in links); empty: detected
 * @param roles the roles this process runs (DESIGN §1, {@link Roles}); empty means all
 * @param workerLease how long a claimed piece of work stays leased without a heartbeat
 */
@ConfigurationProperties("quantapilot")
public record PlatformSettings(@DefaultValue("./data") Path dataDir, @DefaultValue("./logs") Path logsDir,
		String publicUrl, @DefaultValue Set<String> roles,
		@DefaultValue("2m") Duration workerLease) {

	public PlatformSettings {
		// Unknown role names fail the start here too, not only in the roles' bean conditions.
		Roles.parse(roles);
	}

	/** The roles this process runs. */
	public Roles activeRoles() {
		return Roles.parse(roles);
	}

	public Path reposDir() {
		return dataDir.resolve("repos");
	}

	public Path workspacesDir() {
		return dataDir.resolve("workspaces");
	}

	/** Whether this process runs the given role. */
	public boolean runs(Role role) {
		return activeRoles().runs(role);
	}

}
