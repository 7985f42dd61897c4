package io.quantapilot.api;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.common.Role;
import io.quantapilot.identity.CurrentPrincipal;
import io.quantapilot.identity.SecurityAudit;
import io.quantapilot.identity.UserRole;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/admin/security/audit?period=24h}: the audit log of the period summarised, failed sign-ins
 * and lockouts, keys expiring soon or unused, administrators and live sessions. Admins only.
 */
@RestController
@ConditionalOnRole(Role.API)
class SecurityController {

	private final SecurityAudit audit;

	SecurityController(SecurityAudit audit) {
		this.audit = audit;
	}

	@GetMapping("/api/v1/admin/security/audit")
	SecurityAudit.Report audit(@RequestParam(defaultValue = "24h") String period,
			@RequestParam(defaultValue = "50") int limit) {
		if (CurrentPrincipal.get().role() != UserRole.ADMIN) {
			throw new QuantaPilotException.Forbidden("only admins read the security audit");
		}
		if (limit < 1 || limit > 1000) {
			throw new QuantaPilotException.InvalidRequest("limit", "limit must be between 1 and 1000");
		}
		return audit.report(UsageController.since(period), limit);
	}

}
