package io.quantapilot.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.common.QuantaPilotException;
import io.quantapilot.identity.CurrentPrincipal;
import io.quantapilot.identity.Principal;
import io.quantapilot.identity.UserRole;
import io.quantapilot.notifications.WebhookSubscriptions;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Outbound webhook subscriptions (API.md): {@code POST|GET /api/v1/webhooks}, {@code DELETE …/{id}}, plus
 * re-enabling a disabled one and its delivery log. Webhooks send every project's data to another system,
 * so only admins manage them.
 */
@RestController
@ConditionalOnRole(Role.API)
@RequestMapping("/api/v1/webhooks")
class WebhooksController {

	private final WebhookSubscriptions webhooks;

	WebhooksController(WebhookSubscriptions webhooks) {
		this.webhooks = webhooks;
	}

	record CreateRequest(String url, List<String> events, String secret, String description) {
	}

	record WebhookView(UUID webhookId, String url, List<String> events, String description, String status,
			int consecutiveFailures, String createdBy, Instant createdAt, Instant disabledAt, String disabledReason,
			Instant lastDeliveryAt, Integer lastStatusCode, String secret) {

		static WebhookView of(WebhookSubscriptions.Subscription s, String secret) {
			return new WebhookView(s.id(), s.url(), s.events(), s.description(), s.status(), s.consecutiveFailures(),
					s.createdBy(), s.createdAt(), s.disabledAt(), s.disabledReason(), s.lastDeliveryAt(),
					s.lastStatusCode(), secret);
		}

	}

	record DeliveryView(long deliveryId, UUID notificationId, String event, int attempt, Instant at,
			Integer statusCode, boolean success, String error, long durationMs) {

		static DeliveryView of(WebhookSubscriptions.DeliveryAttempt a) {
			return new DeliveryView(a.id(), a.notificationId(), a.event(), a.attempt(), a.at(), a.statusCode(),
					a.success(), a.error(), a.durationMs());
		}

	}

	@PostMapping
	ResponseEntity<WebhookView> create(@RequestBody CreateRequest request) {
		Principal admin = admin();
		WebhookSubscriptions.Created created = webhooks.create(request.url(), request.events(), request.secret(),
				request.description(), admin.actor());
		return ResponseEntity.status(HttpStatus.CREATED).body(WebhookView.of(created.subscription(), created.secret()));
	}

	@GetMapping
	Map<String, Object> list() {
		admin();
		return Map.of("webhooks", webhooks.list().stream().map(s -> WebhookView.of(s, null)).toList());
	}

	@GetMapping("/{id}")
	WebhookView get(@PathVariable UUID id) {
		admin();
		return WebhookView.of(webhooks.get(id), null);
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable UUID id) {
		webhooks.delete(id, admin().actor());
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{id}/enable")
	WebhookView enable(@PathVariable UUID id) {
		return WebhookView.of(webhooks.enable(id, admin().actor()), null);
	}

	@GetMapping("/{id}/deliveries")
	Map<String, Object> deliveries(@PathVariable UUID id, @RequestParam(defaultValue = "50") int limit) {
		admin();
		if (limit < 1 || limit > 500) {
			throw new QuantaPilotException.InvalidRequest("limit", "limit must be between 1 and 500");
		}
		return Map.of("deliveries", webhooks.deliveries(id, limit).stream().map(DeliveryView::of).toList());
	}

	private static Principal admin() {
		Principal principal = CurrentPrincipal.get();
		if (principal.role() != UserRole.ADMIN) {
			throw new QuantaPilotException.Forbidden("only admins manage webhooks");
		}
		return principal;
	}

}
