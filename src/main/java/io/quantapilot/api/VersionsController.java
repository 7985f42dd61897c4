package io.quantapilot.api;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** API versions. */
@RestController
@ConditionalOnRole(Role.API)
class VersionsController {

	@GetMapping("/api/versions")
	Map<String, Object> versions() {
		return Map.of("versions", List.of("v1"), "current", "v1", "deprecated", List.of(), "documentation",
				"/api/v1/openapi.json");
	}

}
