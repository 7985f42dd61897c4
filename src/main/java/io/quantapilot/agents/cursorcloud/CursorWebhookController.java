package io.quantapilot.agents.cursorcloud;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.quantapilot.common.ConditionalOnRole;
import io.quantapilot.common.Role;
import io.quantapilot.common.web.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives Cursor's {@code statusChange} webhook. The signature over the raw body is verified before anything
 * is parsed; unsigned, wrongly signed or unexpected deliveries get 401. A valid one only wakes the agent's
 * poller, which then reads the status from the API itself, so a forged or replayed body could at most cause
 * one early poll. Deliveries are deduplicated by {@code X-Webhook-ID}, since Cursor retries on non-2xx.
 */
@RestController
@ConditionalOnRole(Role.FORGE)
class CursorWebhookController {

	private static final Logger log = LoggerFactory.getLogger(CursorWebhookController.class);

	private static final int REMEMBERED_DELIVERIES = 1_000;

	private final CursorCloudSettings settings;

	private final CloudAgentSignals signals;

	private final JsonMapper json = JsonMapper.builder().build();

	private final Set<String> deliveries = Collections.newSetFromMap(new LinkedHashMap<>() {

		private static final long serialVersionUID = 1L;

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
			return size() > REMEMBERED_DELIVERIES;
		}

	});

	CursorWebhookController(CursorCloudSettings settings, CloudAgentSignals signals) {
		this.settings = settings;
		this.signals = signals;
	}

	@PostMapping(path = "/webhooks/cursor", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<?> receive(@RequestBody(required = false) byte[] body,
			@RequestHeader(name = WebhookSignature.HEADER, required = false) String signature,
			@RequestHeader(name = "X-Webhook-ID", required = false) String deliveryId,
			@RequestHeader(name = "X-Webhook-Event", required = false) String event) {
		byte[] raw = body != null ? body : new byte[0];
		if (!settings.hasWebhookSecret()) {
			return unauthorized("no webhook secret is configured (quantapilot.agents.cursor-cloud.webhook-secret)");
		}
		if (!WebhookSignature.verify(settings.webhookSecret(), raw, signature)) {
			return unauthorized("missing or invalid " + WebhookSignature.HEADER);
		}
		if (deliveryId != null && !remember(deliveryId)) {
			return ResponseEntity.ok(Map.of("status", "duplicate"));
		}
		String agentId;
		String status;
		try {
			JsonNode payload = json.readTree(raw);
			agentId = payload.path("id").asString("");
			status = payload.path("status").asString("");
		}
		catch (JacksonException ex) {
			// Signed by Cursor but unreadable: acknowledge, so it is not retried forever; polling still runs.
			log.warn("Cursor webhook {} has a body that is not JSON", deliveryId);
			return ResponseEntity.ok(Map.of("status", "ignored"));
		}
		boolean polled = signals.signal(agentId);
		log.info("Cursor webhook {} ({}): agent {} is {}{}", deliveryId, event, agentId, status,
				polled ? "" : " (not polled by this process)");
		return ResponseEntity.ok(Map.of("status", polled ? "accepted" : "ignored"));
	}

	private synchronized boolean remember(String deliveryId) {
		return deliveries.add(deliveryId);
	}

	private static ResponseEntity<ApiError> unauthorized(String message) {
		log.warn("Cursor webhook refused: {}", message);
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
			.contentType(MediaType.APPLICATION_JSON)
			.body(ApiError.of("UNAUTHORIZED", message, Map.of()));
	}

}
