package io.quantapilot.ops.web;

import java.util.Locale;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.common.Role;
import io.quantapilot.identity.CurrentPrincipal;
import io.quantapilot.identity.Principal;
import io.quantapilot.identity.UserRole;
import io.quantapilot.ops.Maintenance;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/admin/maintenance/daily|weekly}: runs maintenance on the server and answers what it
 * did. Admins only; a second request while one runs answers 409.
 */
@RestController
@ConditionalOnRole(Role.API)
class MaintenanceController {

	private final Maintenance maintenance;

	MaintenanceController(Maintenance maintenance) {
		this.maintenance = maintenance;
	}

	@PostMapping("/api/v1/admin/maintenance/{schedule}")
	Maintenance.Report run(@PathVariable String schedule) {
		Principal principal = CurrentPrincipal.get();
		if (principal.role() != UserRole.ADMIN) {
			throw new QuantaPilotException.Forbidden("only admins run maintenance");
		}
		Maintenance.Schedule which = switch (schedule.toLowerCase(Locale.ROOT)) {
			case "daily" -> Maintenance.Schedule.DAILY;
			case "weekly" -> Maintenance.Schedule.WEEKLY;
			default -> throw new QuantaPilotException.InvalidRequest("schedule", "schedule must be daily or weekly");
		};
		return maintenance.run(which, principal.actor());
	}

}
