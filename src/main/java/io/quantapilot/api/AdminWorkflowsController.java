package io.quantapilot.api;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.common.Role;
import io.quantapilot.identity.CurrentPrincipal;
import io.quantapilot.identity.Principal;
import io.quantapilot.identity.UserRole;
import io.quantapilot.workflow.WorkflowAdmin;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Engine administration for operators (admins only): what {@code quantapilot workflows verify|export|import|
 * clear-stuck} and the runbook's scripts call.
 */
@RestController
@ConditionalOnRole(Role.API)
@RequestMapping("/api/v1/admin/workflows")
class AdminWorkflowsController {

	private final WorkflowAdmin admin;

	AdminWorkflowsController(WorkflowAdmin admin) {
		this.admin = admin;
	}

	record ImportRequest(String name, String xml) {
	}

	record RetryRequest(String olderThan) {
	}

	@GetMapping("/verify")
	WorkflowAdmin.Verification verify() {
		admin();
		return admin.verify();
	}

	@GetMapping("/definitions")
	Map<String, Object> definitions() {
		admin();
		return Map.of("definitions", admin.definitions());
	}

	@PostMapping("/definitions")
	WorkflowAdmin.Definition importDefinition(@RequestBody ImportRequest request) {
		Principal principal = admin();
		return admin.importDefinition(request.name(), request.xml(), principal.actor());
	}

	@GetMapping("/stuck")
	WorkflowAdmin.Stuck stuck(@RequestParam(name = "older_than", defaultValue = "PT1H") String olderThan) {
		admin();
		return admin.stuck(duration(olderThan));
	}

	@PostMapping("/stuck/retry")
	WorkflowAdmin.Stuck retry(@RequestBody RetryRequest request) {
		Principal principal = admin();
		return admin.retryStuck(duration(request.olderThan() == null ? "PT1H" : request.olderThan()),
				principal.actor());
	}

	private static Duration duration(String value) {
		try {
			Duration duration = Duration.parse(value);
			if (duration.isNegative()) {
				throw new QuantaPilotException.InvalidRequest("older_than", "older_than must not be negative");
			}
			return duration;
		}
		catch (DateTimeParseException ex) {
			throw new QuantaPilotException.InvalidRequest("older_than",
					"older_than must be an ISO-8601 duration such as PT30M");
		}
	}

	private static Principal admin() {
		Principal principal = CurrentPrincipal.get();
		if (principal.role() != UserRole.ADMIN) {
			throw new QuantaPilotException.Forbidden("only admins administer the workflow engine");
		}
		return principal;
	}

}
