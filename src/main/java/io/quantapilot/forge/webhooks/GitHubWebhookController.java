package io.quantapilot.forge.webhooks;

import java.io.IOException;
import java.util.Map;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.common.web.ErrorWriter;
import io.quantapilot.forge.ForgeSettings;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/github}: GitHub's deliveries, authenticated by their {@code X-Hub-Signature-256}
 * over the raw body with {@code quantapilot.forge.github.webhook-secret}. Anything unsigned, wrongly
 * signed or tampered with is answered 401 and not looked at any further; so is every delivery while no
 * secret is configured.
 */
@RestController
@ConditionalOnRole(Role.FORGE)
class GitHubWebhookController {

	private static final Logger log = LoggerFactory.getLogger(GitHubWebhookController.class);

	private final ForgeSettings settings;

	private final GitHubWebhooks webhooks;

	private final ErrorWriter errors;

	GitHubWebhookController(ForgeSettings settings, GitHubWebhooks webhooks, ErrorWriter errors) {
		this.settings = settings;
		this.webhooks = webhooks;
		this.errors = errors;
	}

	@PostMapping(path = "/webhooks/github")
	ResponseEntity<Map<String, Object>> receive(@RequestBody(required = false) byte[] body,
			@RequestHeader(name = "X-Hub-Signature-256", required = false) String signature,
			@RequestHeader(name = "X-GitHub-Event", required = false) String event,
			@RequestHeader(name = "X-GitHub-Delivery", required = false) String delivery, HttpServletResponse response)
			throws IOException {
		byte[] raw = body != null ? body : new byte[0];
		String secret = settings.github().webhookSecret();
		if (secret == null || secret.isEmpty()) {
			log.warn("GitHub webhook delivery {} refused: quantapilot.forge.github.webhook-secret is not set", delivery);
			errors.write(response, 401, "UNAUTHENTICATED", "webhooks are not enabled: no webhook secret is configured",
					Map.of());
			return null;
		}
		if (!WebhookSignature.verify(secret, raw, signature)) {
			log.warn("GitHub webhook delivery {} refused: bad or missing X-Hub-Signature-256", delivery);
			errors.write(response, 401, "UNAUTHENTICATED", "the X-Hub-Signature-256 signature does not match the body",
					Map.of());
			return null;
		}
		if (event == null || event.isBlank() || delivery == null || delivery.isBlank() || delivery.length() > 100) {
			throw new QuantaPilotException.InvalidRequest("X-GitHub-Delivery",
					"X-GitHub-Event and X-GitHub-Delivery are required");
		}
		GitHubWebhooks.Outcome outcome = webhooks.receive(delivery, event, raw);
		return ResponseEntity.status("invalid".equals(outcome.status()) ? HttpStatus.BAD_REQUEST : HttpStatus.OK)
			.body(outcome.body());
	}

}
